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
 */
public record Delivery(String event, String deliveryId, String hookId, String targetType, String targetId,
                       Instant receivedAt, byte[] body) {

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
                && java.util.Arrays.equals(body, d.body);
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
