package io.alertlake.delivery;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SQS wire format of a {@link Delivery}: the body as the message body, the GitHub headers and the
 * receive time as message attributes. Written by ingest, read by the consumer; the one place that knows
 * the attribute names.
 *
 * <p>SQS bodies are text limited to the XML character set, so a body that is not valid UTF-8 of allowed
 * characters travels base64-encoded, marked by {@code body-encoding}, and comes back byte-identical.
 * A body too large for SQS travels as a claim check: the message carries only the S3 key.
 */
public final class DeliveryMessages {

    public static final String EVENT = "github-event";
    public static final String DELIVERY = "github-delivery";
    public static final String HOOK_ID = "github-hook-id";
    public static final String TARGET_TYPE = "github-hook-installation-target-type";
    public static final String TARGET_ID = "github-hook-installation-target-id";
    public static final String RECEIVED_AT = "received-at";
    public static final String BODY_ENCODING = "body-encoding";
    public static final String CLAIM_CHECK = "claim-check";
    public static final String SIGNATURE = "github-signature";

    private DeliveryMessages() {
    }

    /** The SQS body and attributes of a delivery whose body is carried inline. */
    public static Outgoing inline(Delivery d) {
        Map<String, MessageAttributeValue> attributes = headers(d);
        Optional<String> text = sqsSafeText(d.body());
        if (text.isPresent()) {
            return new Outgoing(text.get(), attributes);
        }
        attributes.put(BODY_ENCODING, string("base64"));
        return new Outgoing(Base64.getEncoder().encodeToString(d.body()), attributes);
    }

    /** The SQS body and attributes of a delivery whose body was stored in S3 under {@code key}. */
    public static Outgoing claimCheck(Delivery d, String key) {
        Map<String, MessageAttributeValue> attributes = headers(d);
        attributes.put(CLAIM_CHECK, string(key));
        return new Outgoing("{\"claimCheck\":\"" + key + "\"}", attributes);
    }

    /** The S3 key of a claim-check message, if it is one. */
    public static Optional<String> claimCheckKey(Message m) {
        return Optional.ofNullable(attribute(m, CLAIM_CHECK));
    }

    /** A message attribute's text, or null when the message has none of that name. */
    public static String attribute(Message m, String name) {
        return value(m.messageAttributes(), name);
    }

    /** Rebuilds the delivery from a received message; {@code body} is the resolved body for claim checks. */
    public static Delivery read(Message m, byte[] claimCheckBody) {
        Map<String, MessageAttributeValue> a = m.messageAttributes();
        String event = value(a, EVENT);
        String delivery = value(a, DELIVERY);
        String received = value(a, RECEIVED_AT);
        if (event == null || delivery == null || received == null) {
            throw new IllegalArgumentException("message " + m.messageId() + " lacks the delivery attributes "
                    + EVENT + ", " + DELIVERY + " or " + RECEIVED_AT);
        }
        byte[] body;
        if (claimCheckBody != null) {
            body = claimCheckBody;
        } else if ("base64".equals(value(a, BODY_ENCODING))) {
            body = Base64.getDecoder().decode(m.body());
        } else {
            body = m.body().getBytes(StandardCharsets.UTF_8);
        }
        return new Delivery(event, delivery, value(a, HOOK_ID), value(a, TARGET_TYPE), value(a, TARGET_ID),
                Instant.parse(received), body, value(a, SIGNATURE));
    }

    /** Size SQS counts for a message: body plus attribute names, types and values. */
    public static int sqsSize(Outgoing o) {
        int size = o.body().getBytes(StandardCharsets.UTF_8).length;
        for (var e : o.attributes().entrySet()) {
            size += e.getKey().length() + e.getValue().dataType().length()
                    + e.getValue().stringValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    private static Map<String, MessageAttributeValue> headers(Delivery d) {
        Map<String, MessageAttributeValue> a = new HashMap<>();
        a.put(EVENT, string(d.event()));
        a.put(DELIVERY, string(d.deliveryId()));
        a.put(RECEIVED_AT, string(d.receivedAt().toString()));
        putIfPresent(a, HOOK_ID, d.hookId());
        putIfPresent(a, TARGET_TYPE, d.targetType());
        putIfPresent(a, TARGET_ID, d.targetId());
        putIfPresent(a, SIGNATURE, d.signature());
        return a;
    }

    private static void putIfPresent(Map<String, MessageAttributeValue> a, String name, String value) {
        if (value != null && !value.isEmpty()) {
            a.put(name, string(value));
        }
    }

    private static MessageAttributeValue string(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }

    private static String value(Map<String, MessageAttributeValue> a, String name) {
        MessageAttributeValue v = a.get(name);
        return v == null ? null : v.stringValue();
    }

    /** The body as text when SQS can carry it unchanged: strict UTF-8 of characters SQS allows. */
    static Optional<String> sqsSafeText(byte[] body) {
        if (body.length == 0) {
            return Optional.empty(); // SQS rejects empty bodies
        }
        if (isPlainAscii(body)) {
            // most payloads: one pass over the bytes instead of a strict decode and a walk over code points
            return Optional.of(new String(body, StandardCharsets.US_ASCII));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!sqsAllows(c)) {
                return Optional.empty();
            }
            i += Character.charCount(c);
        }
        return Optional.of(text);
    }

    /** Only ASCII characters SQS allows (a negative byte is part of a multi-byte character). */
    private static boolean isPlainAscii(byte[] body) {
        for (byte b : body) {
            if (b < 0 || !sqsAllows(b)) {
                return false;
            }
        }
        return true;
    }

    /** The characters SQS accepts in a message: #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF. */
    private static boolean sqsAllows(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /** A message ready to send. */
    public record Outgoing(String body, Map<String, MessageAttributeValue> attributes) {
    }
}
