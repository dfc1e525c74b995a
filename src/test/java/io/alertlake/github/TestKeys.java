package io.alertlake.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/** A freshly generated App key, its PEM forms, and a JWT checker that uses only the JDK. */
public final class TestKeys {

    public static final KeyPair PAIR = generate();

    private TestKeys() {
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pkcs8Pem() {
        return pem("PRIVATE KEY", PAIR.getPrivate().getEncoded());
    }

    /** The form GitHub downloads: the RSA key itself, taken out of the PKCS#8 envelope's OCTET STRING. */
    public static String pkcs1Pem() {
        byte[] der = PAIR.getPrivate().getEncoded();
        int at = headerLength(der, 0);            // outer SEQUENCE
        at += 3;                                   // INTEGER version 0
        at += headerLength(der, at) + der[at + 1]; // AlgorithmIdentifier SEQUENCE (short length)
        int octets = headerLength(der, at);        // OCTET STRING holding the PKCS#1 key
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(der, at + octets, der.length));
    }

    private static int headerLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The claims of an RS256 JWT whose signature {@code key} verifies; fails otherwise. */
    public static JsonNode verifiedClaims(String jwt, PublicKey key) throws Exception {
        String[] parts = jwt.split("\\.");
        JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
        if (!"RS256".equals(header.path("alg").asText())) {
            throw new AssertionError("alg is " + header.path("alg"));
        }
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            throw new AssertionError("signature does not verify");
        }
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    }
}
