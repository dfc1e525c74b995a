package io.alertlake.ingest;

import io.alertlake.delivery.WebhookSignatures;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks {@code X-Hub-Signature-256}: {@code sha256=} + hex(HMAC-SHA256(secret, raw body)).
 * The digests are compared as bytes with {@link MessageDigest#isEqual}, which takes the same time
 * wherever they differ; hex case is therefore not significant.
 */
public final class SignatureVerifier {

    private final List<SecretKeySpec> keys;

    /** @param secrets the accepted secrets, current first (the previous one during a rotation) */
    public SignatureVerifier(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is needed");
        }
        this.keys = secrets.stream()
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .toList();
    }

    /** True when {@code header} is a well-formed signature of {@code body} under one of the secrets. */
    public boolean verify(byte[] body, String header) {
        byte[] claimed = WebhookSignatures.digest(header);
        return claimed != null && verify(body, claimed);
    }

    /** True when {@code claimed}, a header's digest ({@link WebhookSignatures#digest}), is {@code body}'s HMAC. */
    public boolean verify(byte[] body, byte[] claimed) {
        boolean valid = false;
        for (SecretKeySpec key : keys) {
            // every key is tried, so the time taken does not tell which secret matched
            valid |= MessageDigest.isEqual(hmac(key, body), claimed);
        }
        return valid;
    }

    /** The signature header GitHub would send for {@code body} under {@code secret}. */
    public static String sign(String secret, byte[] body) {
        return WebhookSignatures.header(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                body));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
