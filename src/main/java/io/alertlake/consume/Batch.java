package io.alertlake.consume;

import io.alertlake.lake.RawArchive;
import io.alertlake.ocsf.PartitionKey;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the consumer holds between two flushes: the received messages (deleted only after the flush), the raw
 * archive lines not archived yet, quarantined deliveries and the mapped records by partition. Not thread-safe:
 * the {@link DeliveryConsumer} guards it.
 */
final class Batch {

    /**
     * When the batch received its first message (when it was made, while it has none): the flush interval runs
     * from there, so that the first delivery after a quiet spell waits for others instead of being flushed alone.
     */
    Instant openedAt = Instant.now();
    final List<Message> messages = new ArrayList<>();
    final List<RawArchive.Line> raw = new ArrayList<>();
    final List<RawArchive.Line> quarantined = new ArrayList<>();
    final Map<PartitionKey, List<GenericRecord>> findings = new HashMap<>();
    final Map<String, List<GenericRecord>> repositoriesByDay = new HashMap<>();
    int records;
    /** Bytes of the delivery bodies received since the raw archive was last written ahead of the flush. */
    long bytes;
    /**
     * Bytes of the quarantined deliveries' bodies, which their quarantine lines hold until the flush writes them:
     * writing the raw archive ahead lets go of none of them.
     */
    long quarantinedBytes;
    /** Epoch ms of the first send of the oldest message held; {@link Long#MAX_VALUE} while none is. */
    long oldestSentMillis = Long.MAX_VALUE;
    /** The name every file of this batch carries; given when its first file is written. */
    private String id;
    /** Raw archive parts written ahead of the flush. */
    private int rawParts;
    /** Writing the raw archive ahead of the flush failed once: the flush writes the rest. */
    private boolean archiveFailed;

    /** Holds a received message, whose body has {@code bodyBytes}. */
    void received(Message m, long bodyBytes) {
        if (messages.isEmpty()) {
            openedAt = Instant.now();
        }
        messages.add(m);
        bytes += bodyBytes;
        String sent = m.attributesAsStrings().get("SentTimestamp");
        oldestSentMillis = Math.min(oldestSentMillis, sent == null ? System.currentTimeMillis() : Long.parseLong(sent));
    }

    /**
     * Whether the bodies held are due to be archived ahead of the flush: they reach {@code flushBytes}, and no
     * earlier attempt failed (S3 refusing one, the next tick would try again every 200 ms, compressing every
     * buffered line each time; the flush writes them instead, and back-pressure holds the receivers meanwhile).
     */
    boolean archiveDue(long flushBytes) {
        return !archiveFailed && bytes >= flushBytes;
    }

    void archiveFailed() {
        archiveFailed = true;
    }

    /** The batch's id, given by {@code next} the first time. */
    String id(Supplier<String> next) {
        if (id == null) {
            id = next.get();
        }
        return id;
    }

    /**
     * The name of the batch's next raw archive file: the batch id, with a part number once raw lines are archived
     * ahead of the flush. A replay groups the parts by the id before the first dot.
     */
    synchronized String nextRawName(Supplier<String> next) { // a shutdown's flush may name a part concurrently
        String batchId = id(next);
        return rawParts++ == 0 ? batchId : batchId + "." + rawParts;
    }

    /** Holds a delivery to quarantine, with why. */
    void quarantine(RawArchive.Line line) {
        quarantined.add(line);
        quarantinedBytes += line.delivery().body().length;
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    /**
     * Whether the batch is due to be flushed: it holds {@code flushRecords} records, or quarantined bodies of
     * {@code flushBytes} (a flood of deliveries that cannot be mapped holds no record), or it is {@code interval}
     * old.
     */
    boolean flushDue(int flushRecords, long flushBytes, Duration interval, Instant now) {
        return !isEmpty() && (records >= flushRecords || quarantinedBytes >= flushBytes
                || Duration.between(openedAt, now).compareTo(interval) >= 0);
    }

    /**
     * Whether receivers should wait for the flusher: the batch holds a full batch of records or of quarantined
     * bodies that the flusher has not taken yet, or bodies the raw archive has not caught up with.
     */
    boolean overFull(int flushRecords, long flushBytes) {
        return records >= flushRecords || quarantinedBytes >= flushBytes || bytes >= 2 * flushBytes;
    }
}
