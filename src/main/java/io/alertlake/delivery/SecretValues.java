package io.alertlake.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
    private static final String REPLACEMENT_TEXT = "\"" + REDACTED + "\"";
    private static final byte[] REPLACEMENT = REPLACEMENT_TEXT.getBytes(StandardCharsets.UTF_8);

    private SecretValues() {
    }

    /**
     * The body without the value of {@code alert.secret}, or the same array when there is none to take out
     * (other events, no such field, a body that is not JSON: the consumer quarantines those). Every such field of
     * {@code alert} is taken out, however its name is written (JSON lets a name spell any letter as a backslash-u
     * escape), and a value that is an object or an array goes whole.
     */
    public static byte[] redact(String event, byte[] body) {
        return event == null || !event.startsWith("secret_scanning") ? body : redact(body);
    }

    /**
     * The same whatever the event: ingest's, where the {@code X-GitHub-Event} header is not covered by the signature
     * (a signed secret scanning body sent again under another event name keeps no secret either).
     */
    public static byte[] redact(byte[] body) {
        if (!mayHoldASecret(body)) {
            return body;
        }
        List<long[]> values = new ArrayList<>(1); // [start, end) byte offsets of each value to take out
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return body;
            }
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && "secret".equals(p.currentName())
                        && inAlert(p.getParsingContext())) {
                    JsonToken value = p.nextToken();
                    long start = p.currentTokenLocation().getByteOffset();
                    if (value == JsonToken.VALUE_STRING) {
                        p.finishToken(); // reads the string to its closing quote
                    } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    } else {
                        continue; // null, a number, a boolean: no secret text
                    }
                    values.add(new long[] {start, p.currentLocation().getByteOffset()});
                }
            }
        } catch (IOException e) {
            // not JSON past some point: what was found before it is still taken out
        }
        return values.isEmpty() ? body : without(body, values);
    }

    /** The body with each of the {@code values}' bytes replaced by {@link #REPLACEMENT}. */
    private static byte[] without(byte[] body, List<long[]> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int from = 0;
        for (long[] value : values) {
            out.write(body, from, (int) value[0] - from);
            out.write(REPLACEMENT, 0, REPLACEMENT.length);
            from = (int) value[1];
        }
        out.write(body, from, body.length - from);
        return out.toByteArray();
    }

    /**
     * Whether the body may hold a secret value: it has a backslash-u escape, with which a name could spell
     * {@code secret} otherwise, or a field {@code "secret"} whose value is not already {@value #REDACTED}. A cheap
     * search, so that the bodies without either are not parsed: most bodies, and every one that ingest redacted
     * before queueing it, which the raw archive sees again (parsing those was ~9 µs a secret scanning delivery,
     * bench/consume/raw.sh). A {@code "secret"} not followed by a colon is a string value, not a field's name: in
     * JSON a quote inside a string is escaped, so each unescaped one opens or closes a string.
     */
    private static boolean mayHoldASecret(byte[] body) {
        String latin1 = new String(body, StandardCharsets.ISO_8859_1);
        if (latin1.contains("\\u")) {
            return true;
        }
        for (int at = latin1.indexOf(FIELD); at >= 0; at = latin1.indexOf(FIELD, at + FIELD.length())) {
            int colon = skipWhitespace(latin1, at + FIELD.length());
            if (colon < latin1.length() && latin1.charAt(colon) == ':'
                    && !latin1.startsWith(REPLACEMENT_TEXT, skipWhitespace(latin1, colon + 1))) {
                return true;
            }
        }
        return false;
    }

    private static int skipWhitespace(String json, int at) {
        while (at < json.length() && " \t\r\n".indexOf(json.charAt(at)) >= 0) {
            at++;
        }
        return at;
    }

    /** Whether {@code object}, the context of a field name, is the payload's top-level {@code alert} object. */
    private static boolean inAlert(JsonStreamContext object) {
        JsonStreamContext payload = object.getParent();
        return object.inObject() && payload != null && payload.inObject() && "alert".equals(payload.getCurrentName())
                && payload.getParent() != null && payload.getParent().inRoot();
    }
}
