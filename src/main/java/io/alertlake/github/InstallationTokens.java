package io.alertlake.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installation access tokens (valid one hour), minted with the App JWT and reused until shortly before expiry, or
 * until GitHub refuses one. Each is minted with the permissions asked for only (none asked: all the App was
 * granted), so tokens of different permissions are kept apart.
 */
public final class InstallationTokens {

    /** Refresh this long before expiry so a token never runs out in the middle of a paginated listing. */
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    /**
     * How long GitHub's installation tokens last. A token is trusted for no longer after it was minted, by this
     * machine's clock: {@code expires_at} is GitHub's clock, and a local clock running behind it would otherwise
     * keep a token past its end (every request then refused with 401 until the refresh).
     */
    static final Duration LIFETIME = Duration.ofHours(1);

    private record Token(String value, Instant expiresAt) {
    }

    private record Key(long installationId, Map<String, String> permissions) {
    }

    private final GitHubApi api;
    private final AppJwt jwt;
    private final Clock clock;
    private final Map<Key, Token> cache = new ConcurrentHashMap<>();

    public InstallationTokens(GitHubApi api, AppJwt jwt, Clock clock) {
        this.api = api;
        this.jwt = jwt;
        this.clock = clock;
    }

    /** A token of the installation with {@code permissions} (permission → {@code read} or {@code write}). */
    public String token(long installationId, Map<String, String> permissions) {
        Key key = new Key(installationId, Map.copyOf(permissions));
        Token t = cache.get(key);
        if (t == null || clock.instant().plus(REFRESH_BEFORE).isAfter(t.expiresAt())) {
            Instant minted = clock.instant();
            JsonNode body = api.postRepeatable("/app/installations/" + installationId + "/access_tokens", jwt::token,
                    request(permissions)).json();
            Instant expires = Instant.parse(body.path("expires_at").asText());
            t = new Token(body.path("token").asText(), expires.isBefore(minted.plus(LIFETIME)) ? expires
                    : minted.plus(LIFETIME));
            cache.put(key, t);
        }
        return t.value();
    }

    /** GitHub refused {@code token} (401): the next ask mints another, unless one has replaced it already. */
    public void forget(long installationId, Map<String, String> permissions, String token) {
        cache.computeIfPresent(new Key(installationId, Map.copyOf(permissions)),
                (key, t) -> t.value().equals(token) ? null : t);
    }

    private static String request(Map<String, String> permissions) {
        if (permissions.isEmpty()) {
            return "{}";
        }
        var body = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(permissions).forEach(body.putObject("permissions")::put);
        return body.toString();
    }
}
