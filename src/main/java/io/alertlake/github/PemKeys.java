package io.alertlake.github;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads the App's private key from PEM text. */
public final class PemKeys {

    /**
     * The DER prefix that turns a PKCS#1 RSA key into PKCS#8 (version 0, algorithm rsaEncryption, NULL params),
     * less the two length fields. GitHub hands out PKCS#1 ({@code BEGIN RSA PRIVATE KEY}); the JDK reads PKCS#8 only.
     */
    private static final byte[] RSA_ALGORITHM_ID = {
            0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
            0x01, 0x01, 0x01, 0x05, 0x00};

    private PemKeys() {
    }

    /** A PKCS#1 ({@code RSA PRIVATE KEY}) or PKCS#8 ({@code PRIVATE KEY}) PEM; {@code \n} escapes are accepted. */
    public static PrivateKey rsaPrivateKey(String pem) {
        String text = pem.replace("\\n", "\n").trim();
        boolean pkcs1 = text.contains("BEGIN RSA PRIVATE KEY");
        if (!pkcs1 && !text.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalArgumentException("alertlake.github.private-key is not a PEM private key "
                    + "(expected '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN PRIVATE KEY-----')");
        }
        String base64 = text.replaceAll("-----(BEGIN|END)[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // never include the key material in the message
            throw new IllegalArgumentException("alertlake.github.private-key cannot be read as an RSA key: "
                    + e.getClass().getSimpleName());
        }
    }

    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] octets = concat(new byte[]{0x04}, length(pkcs1.length), pkcs1);
        byte[] body = concat(RSA_ALGORITHM_ID, octets);
        return concat(new byte[]{0x30}, length(body.length), body);
    }

    /** A DER length: short form below 128, else long form. */
    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[]{(byte) n};
        }
        int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i > 0; i--) {
            out[i] = (byte) n;
            n >>>= 8;
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
