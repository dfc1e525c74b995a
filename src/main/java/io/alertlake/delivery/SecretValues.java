package io.alertlake.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Takes the secret out of secret scanning payloads before a delivery is queued: a {@code secret_scanning_*}
 * payload may carry the leaked secret itself in {@code alert.secret}, and alertlake stores no secret value —
 * not in the queue, the raw archive, quarantine or the dead-letter queue. The value is replaced by
 * {@value #REDACTED}; every other byte of the body stays as GitHub sent it (the signature was checked first).
 * Ingest applies it before queueing; the raw archive again when it writes a line, for deliveries queued by
 * earlier versions and for replays of older archives.
 */
public final class SecretValues {

    /** What {@code alert.secret} holds once redacted. */
    public static final String REDACTED = "[redacted]";

    private static final JsonFactory JSON = new JsonFactory();
    private static final String FIELD = "\"secret\"";
    private static final byte[] REPLACEMENT = ("\"" + REDACTED + "\"").getBytes(StandardCharsets.UTF_8);

    private SecretValues() {
    }

    /**
     * The body without the value of {@code alert.secret}, or the same array when there is none to take out
     * (other events, no such field, a body that is not JSON: the consumer quarantines those).
     */
    public static byte[] redact(String event, byte[] body) {
        if (event == null || !event.startsWith("secret_scanning") || indexOf(body, FIELD) < 0) {
            return body;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return body;
            }
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && "secret".equals(p.currentName()) && inAlert(p.getParsingContext())
                        && p.nextToken() == JsonToken.VALUE_STRING) {
                    long start = p.currentTokenLocation().getByteOffset();
                    p.finishToken(); // reads the string to its closing quote
                    long end = p.currentLocation().getByteOffset();
                    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
                    out.write(body, 0, (int) start);
                    out.write(REPLACEMENT);
                    out.write(body, (int) end, body.length - (int) end);
                    return out.toByteArray();
                }
            }
            return body;
        } catch (IOException e) {
            return body;
        }
    }

    /** Whether {@code object}, the context of a field name, is the payload's top-level {@code alert} object. */
    private static boolean inAlert(JsonStreamContext object) {
        JsonStreamContext payload = object.getParent();
        return object.inObject() && payload != null && payload.inObject() && "alert".equals(payload.getCurrentName())
                && payload.getParent() != null && payload.getParent().inRoot();
    }

    /**
     * Where {@code what} first stands in {@code body}, or -1. Read as Latin-1, each byte is one character, and
     * {@link String#indexOf(String)} searches with the JVM's vectorised intrinsic: over the demo's secret scanning
     * payloads (6.4 KB, no secret) 1.5 µs instead of 6.4 µs comparing byte by byte, which took 8 % of the raw
     * archive's samples (a one-off loop, not a script here).
     */
    private static int indexOf(byte[] body, String what) {
        return new String(body, StandardCharsets.ISO_8859_1).indexOf(what);
    }
}
