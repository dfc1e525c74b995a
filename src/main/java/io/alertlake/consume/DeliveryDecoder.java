package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.DeliveryMessages;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** Turns a received SQS message back into the delivery ingest queued, fetching claim-checked bodies from S3. */
@Singleton
public class DeliveryDecoder {

    private final S3Client s3;
    private final String bucket;

    DeliveryDecoder(S3Client s3, AlertlakeConfig config) {
        this.s3 = s3;
        this.bucket = config.lake().bucket();
    }

    /**
     * The delivery, or empty when the message is not a delivery at all (then {@link #asQuarantined} keeps it).
     * An S3 failure while resolving a claim check propagates: it is transient, and the message is retried.
     */
    public Optional<Delivery> decode(Message m) {
        byte[] claimed = DeliveryMessages.claimCheckKey(m)
                .map(key -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray())
                .orElse(null);
        try {
            return Optional.of(DeliveryMessages.read(m, claimed));
        } catch (RuntimeException notADelivery) {
            return Optional.empty();
        }
    }

    /**
     * A message that is not a delivery, kept as-is so it can be inspected in quarantine: under its GitHub delivery
     * id and event when it carries them (a delivery whose other attributes are damaged), else its SQS message id.
     */
    public static Delivery asQuarantined(Message m) {
        String delivery = DeliveryMessages.attribute(m, DeliveryMessages.DELIVERY);
        String event = DeliveryMessages.attribute(m, DeliveryMessages.EVENT);
        return new Delivery(isBlank(event) ? "unknown" : event, isBlank(delivery) ? "sqs-" + m.messageId() : delivery,
                null, null, null, Instant.now(), m.body().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
