package io.alertlake.api.graphql;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque, tamper-proof pagination cursors: the position (creation time and alert id of the last alert of a
 * page) is signed, so a cursor cannot be forged or edited into a value it was not. A cursor signed with
 * another key is refused with a clear error rather than silently misread.
 */
@jakarta.inject.Singleton
public final class Cursors {

    private final SecretKeySpec key;

    @jakarta.inject.Inject
    Cursors(io.alertlake.config.AlertlakeConfig config) {
        this(java.util.stream.Stream.concat(config.api().tokens().orElse(java.util.List.of()).stream(),
                config.api().adminTokens().orElse(java.util.List.of()).stream()).toList());
    }

    /**
     * The key is derived from the configured API tokens, read and admin ones alike (a deployment may give admin
     * tokens only), so every instance behind a load balancer accepts the others' cursors; with no tokens configured
     * (local mode) it is random per process. A change of tokens makes the cursors given out before it unreadable.
     */
    public Cursors(java.util.List<String> tokens) {
        byte[] key;
        if (tokens.isEmpty()) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        } else {
            try {
                key = MessageDigest.getInstance("SHA-256").digest(("alertlake-cursor\n"
                        + String.join("\n", new java.util.TreeSet<>(tokens))).getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A position in the newest-first order of {@code alerts}. */
    public record Position(long createdAtMillis, String alertId) {
    }

    public String encode(Position p) {
        String payload = p.createdAtMillis() + "|" + p.alertId();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return b64(bytes) + "." + b64(mac(bytes));
    }

    /** The position, or an {@link IllegalArgumentException} for anything not made by {@link #encode}. */
    public Position decode(String cursor) {
        int dot = cursor.indexOf('.');
        try {
            if (dot <= 0) {
                throw new IllegalArgumentException();
            }
            byte[] payload = Base64.getUrlDecoder().decode(cursor.substring(0, dot));
            byte[] signature = Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(payload))) {
                throw new IllegalArgumentException();
            }
            String s = new String(payload, StandardCharsets.UTF_8);
            int bar = s.indexOf('|');
            return new Position(Long.parseLong(s.substring(0, bar)), s.substring(bar + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'after' is not a cursor returned by this server (or it has restarted "
                    + "since); start again without 'after'");
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
