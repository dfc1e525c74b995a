package io.alertlake.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The API is served over HTTP only: a WebSocket upgrade (SmallRye GraphQL offers GraphQL over WebSocket on
 * {@code /graphql}) is refused. alertlake has no subscriptions, and over one connection every operation would run in
 * the one request that opened it — sharing its query budget ({@code QueryBudget}) and anything else kept per request.
 */
@Singleton
public class NoWebSocketsFilter {

    private static final String REFUSED = "{\"error\":\"GraphQL is served over HTTP (POST /graphql), not over WebSocket\"}";

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (asksForWebSocket(rc.request().headers().getAll("Upgrade"))) {
                rc.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(REFUSED);
                return;
            }
            rc.next();
        }, 150); // before the token check (100): the answer is the same with or without one
    }

    /**
     * Whether any {@code Upgrade} header names WebSocket, in any of its comma-separated values: the HTTP layer
     * upgrades on any of them, not only on the first header's.
     */
    static boolean asksForWebSocket(java.util.List<String> upgrades) {
        for (String header : upgrades) {
            for (String protocol : header.split(",")) {
                String name = protocol.trim();
                int version = name.indexOf('/');
                if ((version < 0 ? name : name.substring(0, version)).trim().equalsIgnoreCase("websocket")) {
                    return true;
                }
            }
        }
        return false;
    }
}
