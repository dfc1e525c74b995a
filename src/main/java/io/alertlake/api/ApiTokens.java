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
 * The bearer tokens that may call the GraphQL and admin endpoints. Only SHA-256 hashes are kept in memory,
 * and a presented token is compared against every hash in constant time.
 */
@Singleton
public class ApiTokens {

    /** Shorter tokens are refused in aws mode: the API is on the internet, and a short token can be guessed. */
    static final int MIN_LENGTH = 20;

    private final List<byte[]> hashes = new ArrayList<>();
    private final Optional<String> generated;

    ApiTokens(AlertlakeConfig config) {
        List<String> tokens = config.api().tokens().orElse(List.of()).stream()
                .map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (tokens.isEmpty() && config.isLocal()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = "local-" + HexFormat.of().formatHex(random);
            tokens = List.of(token);
            generated = Optional.of(token);
        } else {
            generated = Optional.empty();
        }
        if (!config.isLocal() && tokens.stream().anyMatch(t -> t.length() < MIN_LENGTH)) {
            throw new IllegalStateException("alertlake.api.tokens holds a token shorter than " + MIN_LENGTH
                    + " characters, which can be guessed; use random ones, e.g. `openssl rand -hex 32`");
        }
        // in aws mode without tokens every API call is refused: a closed API is safer than an open one
        tokens.forEach(t -> hashes.add(sha256(t)));
    }

    /** True when the {@code Authorization} header carries a configured bearer token. */
    public boolean allows(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = sha256(authorization.substring(7).trim());
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
