package io.alertlake.consume;

import io.alertlake.lake.LakeWriter;
import io.alertlake.ocsf.PartitionKey;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the consumer holds between two flushes: the received messages (deleted only after the flush), their
 * raw archive lines, quarantined deliveries and the mapped records by partition. Not thread-safe: the
 * {@link DeliveryConsumer} guards it.
 */
final class Batch {

    final Instant openedAt = Instant.now();
    final List<Message> messages = new ArrayList<>();
    final List<LakeWriter.Archived> raw = new ArrayList<>();
    final List<LakeWriter.Archived> quarantined = new ArrayList<>();
    final Map<PartitionKey, List<GenericRecord>> findings = new HashMap<>();
    final Map<String, List<GenericRecord>> repositoriesByDay = new HashMap<>();
    int records;
    long bytes;

    boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Epoch ms of the oldest message's first send, for the lag gauge. */
    long oldestSentMillis() {
        long oldest = Long.MAX_VALUE;
        for (Message m : messages) {
            String sent = m.attributesAsStrings().get("SentTimestamp");
            if (sent != null) {
                oldest = Math.min(oldest, Long.parseLong(sent));
            }
        }
        return oldest == Long.MAX_VALUE ? System.currentTimeMillis() : oldest;
    }
}
