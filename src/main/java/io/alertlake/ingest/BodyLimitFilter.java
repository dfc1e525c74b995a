package io.alertlake.ingest;

import io.alertlake.config.AlertlakeConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * A body announced larger than {@code alertlake.webhook.max-body} is answered 413 with a JSON error, from its
 * headers, before any of it is read. The HTTP layer enforces the same limit ({@code quarkus.http.limits
 * .max-body-size}, for bodies streamed without a length too), but answers with no body and counts nothing.
 */
@Singleton
public class BodyLimitFilter {

    /** Runs before the HTTP layer's own limit (a filter's route order is minus its priority; that limit's is -2). */
    private static final int PRIORITY = 200;

    void register(@Observes Filters filters, AlertlakeConfig config, IngestMetrics metrics) {
        long max = config.webhook().maxBody().asLongValue();
        String tooLarge = "{\"error\":\"body exceeds " + max + " bytes (alertlake.webhook.max-body)\"}";
        filters.register(rc -> {
            String length = rc.request().getHeader("Content-Length");
            if (length != null && exceeds(length, max)) {
                if ("/webhooks/github".equals(rc.normalizedPath())) {
                    metrics.rejected("too_large");
                }
                // the body is never read: the connection cannot carry another request after it
                rc.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .endHandler(done -> rc.request().connection().close())
                        .end(tooLarge);
                return;
            }
            rc.next();
        }, PRIORITY);
    }

    private static boolean exceeds(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer refuses a malformed length itself
        }
    }
}
