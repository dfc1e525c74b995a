package io.alertlake.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Requires {@code Authorization: Bearer <token>} on every path but the webhook ({@code /webhooks/github}, which has
 * its HMAC check) and Quarkus' own {@code /q/} endpoints (health for the load balancer, metrics, the GraphQL UI page,
 * whose calls to {@code /graphql} need the token), and an admin token on {@code /admin} (403 for a token that only
 * reads). Registered as an HTTP filter, before routing, so it also guards GraphQL, which is not a REST resource.
 *
 * <p>A path that is not in canonical form is refused first (400): the router and the REST layer read such paths
 * differently from this check — {@code /admin;x=1/replay} (a matrix parameter, dropped by the REST layer),
 * {@code /admin/%2e%2e/q/metrics}, {@code //webhooks/github}, {@code /%77ebhooks/github} — and GitHub and the API's
 * clients never send them.
 */
@Singleton
public class ApiAuthFilter {

    /** GraphQL's error shape for GraphQL clients, the {@code {"error": …}} of the admin endpoints for theirs. */
    private static final String UNAUTHORIZED = "{\"errors\":[{\"message\":\"missing or invalid bearer token\"}]}";
    private static final String UNAUTHORIZED_ADMIN = "{\"error\":\"missing or invalid bearer token\"}";
    private static final String NOT_ADMIN = "{\"error\":\"this token may read the API, not run its admin jobs: "
            + "the admin endpoints take a token of alertlake.api.admin-tokens\"}";
    private static final String NOT_CANONICAL = "{\"error\":\"the request path is not in canonical form (no ';', "
            + "'//', dot segments or needless percent-escapes)\"}";

    void register(@Observes Filters filters, Instance<ApiTokens> tokens) {
        filters.register(rc -> {
            String raw = rc.request().path();
            String path = rc.normalizedPath();
            if (!isCanonical(raw, path)) {
                rc.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(NOT_CANONICAL);
                return;
            }
            if (isProtected(path)) {
                ApiTokens.Access access = tokens.get().access(rc.request().getHeader("Authorization"));
                if (access == ApiTokens.Access.NONE) {
                    rc.response().setStatusCode(401)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("WWW-Authenticate", "Bearer")
                            .end(isAdmin(path) ? UNAUTHORIZED_ADMIN : UNAUTHORIZED);
                    return;
                }
                if (isAdmin(path) && access != ApiTokens.Access.ADMIN) {
                    rc.response().setStatusCode(403).putHeader("Content-Type", "application/json").end(NOT_ADMIN);
                    return;
                }
            }
            rc.next();
        }, 100);
    }

    /** The path as sent is the path as normalized, with no matrix parameter and no empty segment. */
    static boolean isCanonical(String raw, String normalized) {
        if (raw == null || !raw.equals(normalized) || raw.contains("//") || raw.indexOf(';') >= 0) {
            return false;
        }
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        return !lower.contains("%3b") && !lower.contains("%2f") && !lower.contains("%2e");
    }

    /** The admin endpoints (replay, backfill, redelivery): they rewrite the lake or spend the App's rate limit. */
    static boolean isAdmin(String path) {
        return path.equals("/admin") || path.startsWith("/admin/");
    }

    /** Every path needs a token but the webhook's and Quarkus' own endpoints. */
    static boolean isProtected(String path) {
        return !(path.equals("/webhooks/github") || path.startsWith("/q/"));
    }
}
