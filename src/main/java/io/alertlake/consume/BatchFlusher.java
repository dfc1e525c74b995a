package io.alertlake.consume;

import io.alertlake.aws.QueueUrls;
import io.alertlake.lake.LakeWriter;
import io.alertlake.lake.RawArchive;
import io.alertlake.ocsf.PartitionKey;
import jakarta.inject.Singleton;
import org.apache.avro.generic.GenericRecord;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Writes one batch: raw archive, quarantine, Parquet per partition, catalog partitions, and only then deletes
 * the messages. A failure anywhere before the delete leaves the messages to be received again (at-least-once:
 * a crash may duplicate, never lose; the views remove duplicates by delivery id).
 */
@Singleton
public class BatchFlusher {

    private static final Logger LOG = Logger.getLogger(BatchFlusher.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final LakeWriter lake;
    private final PartitionRegistry partitions;
    private final SqsAsyncClient sqs;
    private final QueueUrls queues;
    private final ConsumerMetrics metrics;
    /** Random per process, so two consumers never pick the same batch id. */
    private final String writerId = Long.toString(Math.abs(new java.security.SecureRandom().nextLong()), 36)
            .substring(0, 6);
    private final AtomicLong sequence = new AtomicLong();
    private final RecentRepositories recentRepositories = new RecentRepositories();

    BatchFlusher(LakeWriter lake, PartitionRegistry partitions, SqsAsyncClient sqs, QueueUrls queues,
                 ConsumerMetrics metrics) {
        this.lake = lake;
        this.partitions = partitions;
        this.sqs = sqs;
        this.queues = queues;
        this.metrics = metrics;
    }

    /**
     * A recognizable, unique batch id: when it was written, which writer, and its sequence number, so every
     * file one batch left behind can be found by name.
     */
    String nextBatchId() {
        return ID_TIME.format(Instant.now()) + "-" + writerId + "-" + String.format("%06d", sequence.incrementAndGet());
    }

    /** Writes and acknowledges the batch; throws (and acknowledges nothing) if any write fails. */
    void flush(Batch batch) {
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Stats stats = write(batch);
        delete(batch.messages);
        metrics.quarantined(batch.quarantined.size());
        metrics.flushed(System.nanoTime() - started, batch.records, stats.files(), stats.parquetBytes());
    }

    /** Writes every file of the batch and registers its partitions, without acknowledging anything. */
    Stats write(Batch batch) {
        String batchId = batch.id(this::nextBatchId);
        List<String> files = new ArrayList<>(lake.writeRaw(batch.nextRawName(this::nextBatchId), batch.raw));
        files.addAll(lake.writeQuarantine(batchId, batch.quarantined));
        long parquetBytes = 0;
        Set<PartitionKey> findingPartitions = new HashSet<>();
        for (LakeWriter.Written w : lake.writeFindings(batchId, batch.findings)) {
            files.add(w.key());
            parquetBytes += w.bytes();
            findingPartitions.add(w.partition());
        }
        Map<String, List<GenericRecord>> repositories = recentRepositories.toWrite(batch.repositoriesByDay);
        for (LakeWriter.Written w : lake.writeRepositories(batchId, repositories)) {
            files.add(w.key());
            parquetBytes += w.bytes();
        }
        partitions.register(findingPartitions, repositories.keySet());
        recentRepositories.wrote(repositories);
        LOG.debugf("batch %s: %d deliveries, %d records, %d quarantined, %d files", batchId, batch.messages.size(),
                batch.records, batch.quarantined.size(), files.size());
        return new Stats(files.size(), parquetBytes);
    }

    /** Writes raw archive lines of a batch ahead of its flush, named after the batch like the rest of its files. */
    void archiveRaw(Batch batch, List<RawArchive.Line> lines) {
        lake.writeRaw(batch.nextRawName(this::nextBatchId), lines);
    }

    record Stats(int files, long parquetBytes) {
    }

    /**
     * Deletes messages in batches of ten, {@link #IN_FLIGHT} batches at a time (a backlog's flush deletes up to a
     * hundred thousand: ten thousand calls, which each waited for the one before); a message whose delete fails is
     * simply received again later, and deduplicated.
     */
    void delete(List<Message> messages) {
        inChunks(messages, "deleting", chunk -> {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = 0; j < chunk.size(); j++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(j))
                        .receiptHandle(chunk.get(j).receiptHandle()).build());
            }
            return sqs.deleteMessageBatch(b -> b.queueUrl(queues.deliveries()).entries(entries))
                    .thenApply(r -> Failures.of(r.failed()));
        }, "they will be received again and deduplicated");
    }

    /** Keeps the messages invisible for {@code seconds} more (a long flush, a batch still filling up meanwhile). */
    void extendVisibility(List<Message> messages, int seconds) {
        inChunks(messages, "extending the visibility of", chunk -> {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int j = 0; j < chunk.size(); j++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(j))
                        .receiptHandle(chunk.get(j).receiptHandle()).visibilityTimeout(seconds).build());
            }
            return sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queues.deliveries()).entries(entries))
                    .thenApply(r -> Failures.of(r.failed()));
        }, "they may be received again before the flush deletes them, and deduplicated");
    }

    /** SQS batch calls in flight at once: well within the client's connection pool. */
    static final int IN_FLIGHT = 16;

    /** The entries of one batch call SQS did not carry out, and the first one's reason. */
    private record Failures(int count, String example) {
        static Failures of(List<BatchResultErrorEntry> failed) {
            return new Failures(failed.size(), failed.isEmpty() ? null : failed.get(0).message());
        }
    }

    /** Runs one call per ten messages, {@link #IN_FLIGHT} at a time, and logs what failed once, in sum. */
    private void inChunks(List<Message> messages, String doing,
                          Function<List<Message>, CompletableFuture<Failures>> call,
                          String consequence) {
        List<List<Message>> chunks = tens(messages);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> example = new AtomicReference<>();
        for (int i = 0; i < chunks.size(); i += IN_FLIGHT) {
            List<CompletableFuture<?>> window = new ArrayList<>();
            for (List<Message> chunk : chunks.subList(i, Math.min(i + IN_FLIGHT, chunks.size()))) {
                window.add(call.apply(chunk).orTimeout(30, TimeUnit.SECONDS).whenComplete((f, e) -> {
                    int n = e != null ? chunk.size() : f.count();
                    if (n > 0) {
                        failed.addAndGet(n);
                        example.compareAndSet(null, e != null ? e.toString() : f.example());
                    }
                }));
            }
            try {
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new))
                        .exceptionally(e -> null).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // counted above
            }
        }
        if (failed.get() > 0) {
            LOG.warnf("%s %d of %d messages failed (%s): %s", doing, failed.get(), messages.size(), consequence,
                    example.get());
        }
    }

    /** SQS batch calls take at most ten entries. */
    private static List<List<Message>> tens(List<Message> messages) {
        List<List<Message>> chunks = new ArrayList<>();
        for (int i = 0; i < messages.size(); i += 10) {
            chunks.add(messages.subList(i, Math.min(i + 10, messages.size())));
        }
        return chunks;
    }
}
