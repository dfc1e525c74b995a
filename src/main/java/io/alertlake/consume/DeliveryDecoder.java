package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.DeliveryMessages;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

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
     * The delivery, or, when the message is not one alertlake can map (damaged or missing attributes, a foreign
     * message, a claim check whose object is gone), what quarantine keeps of it and why. Any other S3 failure while
     * resolving a claim check propagates: it is transient, and the message is retried.
     */
    public Decoded decode(Message m) {
        String key = DeliveryMessages.claimCheckKey(m).orElse(null);
        byte[] claimed;
        try {
            claimed = key == null ? null : s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException gone) {
            // for good (expired under raw/oversize/, or deleted): received again it would only fail again, and reach
            // the dead-letter queue without saying why; quarantine keeps the message, which names the key
            return new Decoded(asQuarantined(m, null), "its claim check names " + key + ", which is not in the lake "
                    + "bucket (expired or deleted): the delivery's body is lost");
        }
        try {
            return new Decoded(DeliveryMessages.read(m, claimed), null);
        } catch (RuntimeException notADelivery) {
            return new Decoded(asQuarantined(m, claimed), "not an alertlake delivery: " + notADelivery.getMessage());
        }
    }

    /** A decoded message: its delivery, and why it is not one alertlake can map (null when it is). */
    public record Decoded(Delivery delivery, String notADelivery) {
    }

    /**
     * A message that is not a delivery, kept so it can be inspected in quarantine and replayed: under its GitHub
     * delivery id and event when it carries them (a delivery whose other attributes are damaged), else its SQS
     * message id; with the body its claim check named when it had one (the message's own body is only the key, and
     * {@code raw/oversize/} expires), else the message's body.
     */
    static Delivery asQuarantined(Message m, byte[] claimed) {
        String delivery = DeliveryMessages.attribute(m, DeliveryMessages.DELIVERY);
        String event = DeliveryMessages.attribute(m, DeliveryMessages.EVENT);
        return new Delivery(isBlank(event) ? "unknown" : event, isBlank(delivery) ? "sqs-" + m.messageId() : delivery,
                null, null, null, Instant.now(), claimed != null ? claimed : m.body().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
