package io.alertlake.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    private static final JsonFactory JSON = BodyJson.FACTORY;
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
     *
     * <p>It fails closed: a body that may hold a secret but that this parse cannot read to its end (not JSON past
     * some point) keeps what was read before the first place a secret may be and loses the rest, replaced by
     * {@value #REDACTED}; such a body is quarantined by the consumer anyway, and no JSON reader could have mapped
     * its rest. A body not in UTF-8 (JSON in UTF-16 or UTF-32, which GitHub never sends) that may hold one is
     * replaced whole.
     */
    public static byte[] redact(byte[] body) {
        if (!isUtf8Shaped(body)) {
            return firstPlaceOfASecret(withoutNulBytes(body), 0) < 0 ? body : REPLACEMENT.clone();
        }
        if (!mayHoldASecret(body)) {
            return body;
        }
        List<long[]> values = new ArrayList<>(1); // [start, end) byte offsets of each value to take out
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return cutAtTheFirstSecret(body, values);
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
        } catch (IOException | RuntimeException notJson) {
            return cutAtTheFirstSecret(body, values);
        }
        return values.isEmpty() ? body : without(body, values);
    }

    /**
     * A body the parse could not read to its end: the values found are taken out, and the body is cut at the first
     * place after them where a secret may be (where the parse may not have seen it), if there is one.
     */
    private static byte[] cutAtTheFirstSecret(byte[] body, List<long[]> values) {
        int from = values.isEmpty() ? 0 : (int) values.get(values.size() - 1)[1];
        int cut = firstPlaceOfASecret(new String(body, StandardCharsets.ISO_8859_1), from);
        if (cut < 0) {
            return values.isEmpty() ? body : without(body, values);
        }
        byte[] kept = without(Arrays.copyOf(body, cut), values);
        byte[] out = Arrays.copyOf(kept, kept.length + REPLACEMENT.length);
        System.arraycopy(REPLACEMENT, 0, out, kept.length, REPLACEMENT.length);
        return out;
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
     * bench/consume/raw.sh).
     */
    private static boolean mayHoldASecret(byte[] body) {
        return firstPlaceOfASecret(new String(body, StandardCharsets.ISO_8859_1), 0) >= 0;
    }

    /**
     * The offset, at or after {@code from}, of the first backslash-u escape or field {@code "secret"} not already
     * {@value #REDACTED}; -1 if there is none. A {@code "secret"} not followed by a colon is a string value, not a
     * field's name: in JSON a quote inside a string is escaped, so each unescaped one opens or closes a string.
     */
    private static int firstPlaceOfASecret(String latin1, int from) {
        int escape = latin1.indexOf("\\u", from);
        int end = escape < 0 ? latin1.length() : escape;
        for (int at = latin1.indexOf(FIELD, from); at >= 0 && at < end; at = latin1.indexOf(FIELD, at + 1)) {
            int colon = skipWhitespace(latin1, at + FIELD.length());
            if (colon < latin1.length() && latin1.charAt(colon) == ':'
                    && !latin1.startsWith(REPLACEMENT_TEXT, skipWhitespace(latin1, colon + 1))) {
                return at;
            }
        }
        return escape;
    }

    /**
     * Whether the body can be UTF-8 JSON: JSON in UTF-16 or UTF-32 has a zero byte among its first four (its first
     * character is ASCII) or starts with a byte order mark of those; UTF-8 JSON has neither (RFC 4627, §3).
     * Jackson would read the others too, guessing their encoding, where the byte search above would not.
     */
    private static boolean isUtf8Shaped(byte[] body) {
        if (body.length >= 2 && ((body[0] & 0xFF) == 0xFE || (body[0] & 0xFF) == 0xFF)) {
            return false;
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** UTF-16 or UTF-32 text of ASCII characters as Latin-1 text of the same ones: its zero bytes left out. */
    private static String withoutNulBytes(byte[] body) {
        StringBuilder ascii = new StringBuilder(body.length);
        for (byte b : body) {
            if (b != 0) {
                ascii.append((char) (b & 0xFF));
            }
        }
        return ascii.toString();
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
