package io.alertlake.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Requires {@code Authorization: Bearer <token>} on {@code /graphql} and {@code /admin}. Registered as an HTTP
 * filter so it also guards GraphQL, which is not a REST resource. Webhooks keep their HMAC check, and
 * {@code /q/health} stays open for load balancers.
 */
@Singleton
public class ApiAuthFilter {

    private static final String UNAUTHORIZED = "{\"errors\":[{\"message\":\"missing or invalid bearer token\"}]}";

    void register(@Observes Filters filters, Instance<ApiTokens> tokens) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            if (isProtected(path) && !tokens.get().allows(rc.request().getHeader("Authorization"))) {
                rc.response().setStatusCode(401)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("WWW-Authenticate", "Bearer")
                        .end(UNAUTHORIZED);
                return;
            }
            rc.next();
        }, 100);
    }

    static boolean isProtected(String path) {
        return path.equals("/graphql") || path.startsWith("/graphql/") || path.equals("/admin")
                || path.startsWith("/admin/");
    }
}
