package io.alertlake.app;

import io.alertlake.api.ApiTokens;
import io.alertlake.aws.AwsClients;
import io.alertlake.aws.QueueUrls;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.Role;
import io.alertlake.ingest.WebhookSecrets;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Locale;

/**
 * Tells the person who started alertlake where to send webhooks, where to query and where the data is.
 * Starting the stand-ins and resolving the queue here makes a broken setup fail at startup, not at the
 * first delivery. The banner is printed once the HTTP server listens, with the port it listens on (a port of 0
 * in the configuration means any free port).
 */
@Singleton
public class StartupBanner {

    private static final Logger LOG = Logger.getLogger("io.alertlake");

    private final AlertlakeConfig config;
    private final QueueUrls queues;
    private final WebhookSecrets secrets;
    private final ApiTokens tokens;
    private boolean started;
    /** The HTTP port, once the server listens. */
    private Integer port;
    private boolean printed;

    StartupBanner(AlertlakeConfig config, QueueUrls queues, WebhookSecrets secrets, ApiTokens tokens) {
        this.config = config;
        this.queues = queues;
        this.secrets = secrets;
        this.tokens = tokens;
    }

    void onStart(@Observes StartupEvent event, AwsClients.LakeEndpoints endpoints) {
        queues.deliveries(); // the stand-ins are up and the queue resolves, or startup fails here
        synchronized (this) {
            started = true;
            printWhenReady();
        }
    }

    void onListening(@ObservesAsync HttpServerStart start, HttpServer server) {
        synchronized (this) {
            port = server.getPort();
            printWhenReady();
        }
    }

    /** Prints the banner once, when both the application has started and the server listens. */
    private void printWhenReady() {
        if (!printed && started && port != null) {
            printed = true;
            LOG.info(banner("http://localhost:" + port));
        }
    }

    private String banner(String base) {
        StringBuilder sb = new StringBuilder("alertlake is running (").append(config.mode().name().toLowerCase(Locale.ROOT))
                .append(" mode, roles ").append(new java.util.TreeSet<>(config.roles())).append(")\n"); // in a fixed order
        if (config.runs(Role.INGEST)) {
            sb.append("  webhook URL : ").append(base).append("/webhooks/github\n");
        }
        if (config.runs(Role.API)) {
            sb.append("  GraphQL URL : ").append(base).append("/graphql\n");
        }
        sb.append("  queue       : ").append(queues.deliveries()).append('\n');
        if (config.isLocal()) {
            sb.append("  data        : ").append(config.local().dataDir().toAbsolutePath().normalize())
                    .append(" (bucket '").append(config.lake().bucket()).append("')\n");
        } else {
            sb.append("  data        : s3://").append(config.lake().bucket()).append("/\n");
        }
        secrets.generated().ifPresent(secret -> sb
                .append("  webhook secret (generated for this run; set ALERTLAKE_WEBHOOK_SECRET to choose one): ")
                .append(secret).append('\n'));
        if (config.runs(Role.API)) {
            tokens.generated().ifPresent(token -> sb
                    .append("  API token (generated for this run, GraphQL and /admin; ")
                    .append("set ALERTLAKE_API_ADMIN_TOKENS to choose): ")
                    .append(token).append('\n'));
        }
        return sb.toString().stripTrailing();
    }
}
