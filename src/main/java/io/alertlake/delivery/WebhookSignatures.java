package io.alertlake.delivery;

import java.util.HexFormat;

/**
 * The form of GitHub's {@code X-Hub-Signature-256} header: {@code sha256=} and the body's HMAC-SHA256 in 64 hex
 * digits. Ingest verifies it; the mapping keeps its first 64 bits as the body's identity.
 */
public final class WebhookSignatures {

    private static final String PREFIX = "sha256=";
    private static final int DIGEST_HEX_LENGTH = 64;

    private WebhookSignatures() {
    }

    /** The header GitHub sends for an HMAC-SHA256 digest. */
    public static String header(byte[] digest) {
        return PREFIX + HexFormat.of().formatHex(digest);
    }

    /** The digest a header names (hex in either case), or null when it is not a well-formed header. */
    public static byte[] digest(String header) {
        return wellFormed(header) ? HexFormat.of().parseHex(header, PREFIX.length(), header.length()) : null;
    }

    /**
     * The digest's first 64 bits, or null when the header is not well-formed: enough to tell one body from another
     * (an HMAC's bits are uniform; two of a billion bodies share 64 bits by chance with odds of one in thirty
     * million), in 8 bytes of a record instead of the header's 71 characters. Read from the header's first 16 hex
     * digits, without decoding the digest into an array for each record.
     */
    public static Long key(String header) {
        return wellFormed(header)
                ? HexFormat.fromHexDigitsToLong(header, PREFIX.length(), PREFIX.length() + 2 * Long.BYTES) : null;
    }

    /** {@code sha256=} and 64 hex digits, in either case. */
    private static boolean wellFormed(String header) {
        if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + DIGEST_HEX_LENGTH) {
            return false;
        }
        for (int i = PREFIX.length(); i < header.length(); i++) {
            if (!HexFormat.isHexDigit(header.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
