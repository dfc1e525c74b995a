package io.alertlake.github;

import io.alertlake.config.AlertlakeConfig;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/** The configured GitHub App, or nothing when {@code alertlake.github.app-id} and {@code private-key} are not set. */
@Singleton
public class GitHub {

    private static final Logger LOG = Logger.getLogger(GitHub.class);

    private final Optional<GitHubApp> app;

    GitHub(AlertlakeConfig config) {
        AlertlakeConfig.Github c = config.github();
        if (!c.configured()) {
            if (c.appId().isPresent() || c.privateKey().isPresent()) {
                LOG.warnf("alertlake.github.%s is set but alertlake.github.%s is not: no GitHub App, so no backfill, "
                        + "reconciliation or redelivery", c.appId().isPresent() ? "app-id" : "private-key",
                        c.appId().isPresent() ? "private-key" : "app-id");
            }
            app = Optional.empty();
            return;
        }
        Clock clock = Clock.systemUTC();
        GitHubApi api = new GitHubApi(c.apiUrl(), c.requestTimeout(), c.maxRetries(), c.retryDelay(),
                c.maxRateLimitWait(), d -> Thread.sleep(d), clock);
        AppJwt jwt = new AppJwt(c.appId().orElseThrow(), PemKeys.rsaPrivateKey(c.privateKey().orElseThrow()), clock);
        app = Optional.of(new GitHubApp(api, jwt, clock, c.orgs().orElse(Set.of())));
    }

    public Optional<GitHubApp> app() {
        return app;
    }

    /** The error an operator sees when a GitHub feature is used without an App configured. */
    public GitHubApp require() {
        return app.orElseThrow(() -> new IllegalStateException("no GitHub App configured: set alertlake.github.app-id "
                + "and alertlake.github.private-key (env ALERTLAKE_GITHUB_APP_ID, ALERTLAKE_GITHUB_PRIVATE_KEY)"));
    }
}
