package io.alertlake.ingest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Applies {@link SourceAllowlist} to every request. REST filters are built before runtime configuration
 * exists, so the allowlist is looked up on first use.
 */
public class SourceAllowlistFilter {

    private final Instance<SourceAllowlist> allowlist;

    SourceAllowlistFilter(Instance<SourceAllowlist> allowlist) {
        this.allowlist = allowlist;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(HttpServerRequest request) {
        return allowlist.get().check(request);
    }
}
