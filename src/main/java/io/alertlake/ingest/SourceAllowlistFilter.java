package io.alertlake.ingest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Applies {@link SourceAllowlist} to every request, counting refusals as {@code rejected{reason=source_not_allowed}}.
 * REST filters are built before runtime configuration exists, so the allowlist is looked up on first use.
 */
public class SourceAllowlistFilter {

    private final Instance<SourceAllowlist> allowlist;
    private final IngestMetrics metrics;

    SourceAllowlistFilter(Instance<SourceAllowlist> allowlist, IngestMetrics metrics) {
        this.allowlist = allowlist;
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(HttpServerRequest request) {
        Optional<Response> refused = allowlist.get().check(request);
        if (refused.isPresent()) {
            metrics.rejected("source_not_allowed");
        }
        return refused;
    }
}
