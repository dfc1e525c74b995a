package io.alertlake.ingest;

import io.alertlake.config.AlertlakeConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.concurrent.Semaphore;

/**
 * A body announced larger than {@code alertlake.webhook.max-body} is answered 413 with a JSON error, from its
 * headers, before any of it is read. The HTTP layer enforces the same limit ({@code quarkus.http.limits
 * .max-body-size}, for bodies streamed without a length too), but answers with no body and counts nothing.
 * <p>
 * A webhook body is read whole before its signature can be checked, so an unsigned sender can make the service
 * hold up to {@code max-body} per request: at most {@code alertlake.webhook.large-bodies} deliveries over
 * {@link #LARGE_BODY} (or of unknown length) are read at once, and one more is answered 503 from its headers; one
 * whose body has not arrived by {@code alertlake.webhook.large-body-deadline} is answered 408 and gives its place up
 * (as is any webhook body that slow, large or not).
 * GitHub's payloads are a few KB; a large one refused so is redelivered by the redelivery sweep.
 */
@Singleton
public class BodyLimitFilter {

    /** Runs before the HTTP layer's own limit (a filter's route order is minus its priority; that limit's is -2). */
    private static final int PRIORITY = 200;

    /** Bodies above this count as large: few are read at once, and the webhook resource verifies them on a worker. */
    static final long LARGE_BODY = 256 * 1024;

    void register(@Observes Filters filters, AlertlakeConfig config, IngestMetrics metrics) {
        long max = config.webhook().maxBody().asLongValue();
        String tooLarge = "{\"error\":\"body exceeds " + max + " bytes (alertlake.webhook.max-body)\"}";
        String busy = "{\"error\":\"" + config.webhook().largeBodies() + " large deliveries are being received "
                + "(alertlake.webhook.large-bodies); try again\"}";
        Semaphore large = new Semaphore(Math.max(1, config.webhook().largeBodies()));
        long deadline = Math.max(1, config.webhook().largeBodyDeadline().toMillis());
        String tooSlow = "{\"error\":\"the body did not arrive within " + config.webhook().largeBodyDeadline().toSeconds()
                + " s (alertlake.webhook.large-body-deadline)\"}";
        filters.register(rc -> {
            String length = rc.request().getHeader("Content-Length");
            long announced = length == null ? -1 : parsed(length);
            boolean webhook = "/webhooks/github".equals(rc.normalizedPath());
            if (announced > max) {
                if (webhook) {
                    metrics.rejected("too_large");
                }
                refuse(rc, 413, tooLarge);
                return;
            }
            if (webhook && "POST".equals(rc.request().method().name())) {
                boolean isLarge = announced < 0 || announced > LARGE_BODY;
                if (isLarge && !large.tryAcquire()) {
                    metrics.rejected("busy");
                    rc.response().putHeader("Retry-After", "10");
                    refuse(rc, 503, busy);
                    return;
                }
                Runnable giveUp = isLarge ? once(large::release) : () -> { };
                // a body still arriving at the deadline is refused (a small one trickled would hold its connection
                // and buffer for the HTTP idle timeout) and gives its place up; one read whole is being answered.
                // One already answered gives it up too: the HTTP layer's own limit answers a streamed body's 413
                // in place of the routing context's end handlers, which then never run
                long timer = rc.vertx().setTimer(deadline, id -> {
                    if (rc.response().ended()) {
                        giveUp.run();
                    } else if (!rc.request().isEnded()) {
                        metrics.rejected("too_slow");
                        refuse(rc, 408, tooSlow);
                        giveUp.run();
                    }
                });
                rc.addEndHandler(done -> { // answered, failed or the connection lost
                    rc.vertx().cancelTimer(timer);
                    giveUp.run();
                });
            }
            rc.next();
        }, PRIORITY);
    }

    private static Runnable once(Runnable action) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    /**
     * Answers without reading (the rest of) the body, so the connection cannot carry another request: closed once
     * the answer is out (after the end, not as the response's end handler, which the routing context's end handlers
     * that give a place up rely on).
     */
    private static void refuse(io.vertx.ext.web.RoutingContext rc, int status, String json) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(json).onComplete(done -> rc.request().connection().close());
    }

    /** The announced length, or -1 when it is malformed (the HTTP layer refuses that itself). */
    private static long parsed(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
