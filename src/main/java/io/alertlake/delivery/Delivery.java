package io.alertlake.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One GitHub webhook delivery exactly as received: the headers that identify it and the raw body bytes.
 * This is the unit that travels through the queue and is archived under {@code raw/}.
 *
 * @param event        {@code X-GitHub-Event}
 * @param deliveryId   {@code X-GitHub-Delivery}, unique per delivery (redeliveries reuse it)
 * @param hookId       {@code X-GitHub-Hook-ID}, may be null
 * @param targetType   {@code X-GitHub-Hook-Installation-Target-Type}, may be null
 * @param targetId     {@code X-GitHub-Hook-Installation-Target-ID}, may be null
 * @param receivedAt   when the ingest service received it
 * @param body         the raw request body
 * @param signature    {@code X-Hub-Signature-256} as received, hex in lower case; null for events alertlake made
 *                     (backfill) and for deliveries queued before it was kept. The delivery id is not signed: a body
 *                     sent again under another id has the same signature, and the views count it once
 */
public record Delivery(String event, String deliveryId, String hookId, String targetType, String targetId,
                       Instant receivedAt, byte[] body, String signature) {

    /** A delivery without a signature: one alertlake made, or read from where none was kept. */
    public Delivery(String event, String deliveryId, String hookId, String targetType, String targetId,
                    Instant receivedAt, byte[] body) {
        this(event, deliveryId, hookId, targetType, targetId, receivedAt, body, null);
    }

    public Delivery {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(body, "body");
    }

    /** The body as text, for logs of errors and for parsers that want a string. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Delivery d && event.equals(d.event) && deliveryId.equals(d.deliveryId)
                && Objects.equals(hookId, d.hookId) && Objects.equals(targetType, d.targetType)
                && Objects.equals(targetId, d.targetId) && receivedAt.equals(d.receivedAt)
                && java.util.Arrays.equals(body, d.body) && Objects.equals(signature, d.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, deliveryId, receivedAt) * 31 + java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Delivery[" + event + " " + deliveryId + ", " + body.length + " bytes]";
    }
}
