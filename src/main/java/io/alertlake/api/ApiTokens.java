package io.alertlake.api;

import io.alertlake.config.AlertlakeConfig;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens that may call the GraphQL endpoint ({@code alertlake.api.tokens} and the admin tokens) and the
 * admin endpoints ({@code alertlake.api.admin-tokens} only). Only SHA-256 hashes are kept in memory, and a presented
 * token is compared against every hash in constant time.
 */
@Singleton
public class ApiTokens {

    /** Shorter tokens are refused in aws mode: the API is on the internet, and a short token can be guessed. */
    static final int MIN_LENGTH = 20;

    /** What a request's token may do. */
    public enum Access { NONE, READ, ADMIN }

    private final List<byte[]> readHashes = new ArrayList<>();
    private final List<byte[]> adminHashes = new ArrayList<>();
    private final Optional<String> generated;

    ApiTokens(AlertlakeConfig config) {
        List<String> tokens = configured(config.api().tokens());
        List<String> admin = configured(config.api().adminTokens());
        if (tokens.isEmpty() && admin.isEmpty() && config.isLocal()) {
            // one token for this run, which may do everything: the service is the developer's own
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = "local-" + HexFormat.of().formatHex(random);
            admin = List.of(token);
            generated = Optional.of(token);
        } else {
            generated = Optional.empty();
        }
        if (!config.isLocal()) {
            refuseShort("alertlake.api.tokens", tokens);
            refuseShort("alertlake.api.admin-tokens", admin);
        }
        // in aws mode without tokens every API call is refused: a closed API is safer than an open one
        tokens.forEach(t -> readHashes.add(sha256(t)));
        admin.forEach(t -> adminHashes.add(sha256(t)));
    }

    private static List<String> configured(Optional<List<String>> tokens) {
        return tokens.orElse(List.of()).stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    private static void refuseShort(String key, List<String> tokens) {
        if (tokens.stream().anyMatch(t -> t.length() < MIN_LENGTH)) {
            throw new IllegalStateException(key + " holds a token shorter than " + MIN_LENGTH
                    + " characters, which can be guessed; use random ones, e.g. `openssl rand -hex 32`");
        }
    }

    /** True when the {@code Authorization} header carries a token that may read the API (any configured token). */
    public boolean allows(String authorization) {
        return access(authorization) != Access.NONE;
    }

    /** What the {@code Authorization} header's bearer token may do; every hash is compared, in constant time. */
    public Access access(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Access.NONE;
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        boolean admin = matchesAny(adminHashes, presented);
        boolean read = matchesAny(readHashes, presented);
        return admin ? Access.ADMIN : read ? Access.READ : Access.NONE;
    }

    private static boolean matchesAny(List<byte[]> hashes, byte[] presented) {
        boolean ok = false;
        for (byte[] h : hashes) {
            ok |= MessageDigest.isEqual(h, presented);
        }
        return ok;
    }

    /** The token generated for this local run, if none was configured. */
    public Optional<String> generated() {
        return generated;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
