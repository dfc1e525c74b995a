package io.alertlake.consume;

import io.alertlake.lake.RawArchive;
import io.alertlake.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While a batch's work takes longer than its messages' visibility timeout — here the raw archive written ahead of
 * its flush, on a slow S3 — their visibility is extended, so that no other receiver picks them up meanwhile. The
 * flusher here is slow on purpose and records the extensions it is asked for instead of sending them to SQS
 * (ConsumerTest sends real ones to ElasticMQ).
 */
class VisibilityHeartbeatTest {

    private final List<String> extended = new CopyOnWriteArrayList<>();
    /** When each extension was asked for ({@link System#nanoTime}). */
    private final List<Long> extendedAt = new CopyOnWriteArrayList<>();
    private volatile long archiveStarted;

    private final BatchFlusher slow = new BatchFlusher(null, null, null, null, null) {
        @Override
        void archiveRaw(Batch batch, List<RawArchive.Line> lines) {
            pause();
        }

        @Override
        void extendVisibility(List<Message> messages, int seconds) {
            if (!messages.isEmpty()) {
                extendedAt.add(System.nanoTime());
            }
            messages.forEach(m -> extended.add(m.receiptHandle() + " for " + seconds + " s"));
        }
    };

    private final io.alertlake.config.AlertlakeConfig config = TestConfigs.of(Map.of(
            "alertlake.queue.visibility-timeout", "4s", "alertlake.consumer.flush-interval", "1s"));
    private final DeliveryConsumer consumer = new DeliveryConsumer(config, null, null, null, null, slow,
            new ConsumerMetrics(new SimpleMeterRegistry(), config));

    /** An archive that takes longer than the 4 s the messages are hidden for: until two extensions came (≤ 30 s). */
    private void pause() {
        archiveStarted = System.nanoTime();
        long until = archiveStarted + java.time.Duration.ofSeconds(30).toNanos();
        try {
            Thread.sleep(4_500);
            while (extended.size() < 2 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Batch batchOf(String receiptHandle) {
        Batch batch = new Batch();
        batch.messages.add(Message.builder().messageId("m").receiptHandle(receiptHandle).body("").build());
        return batch;
    }

    @Test
    void messagesStayHiddenWhileTheirBodiesAreArchivedAheadOfTheFlush() {
        consumer.archiveRaw(batchOf("archived-ahead"));

        // every half visibility timeout (2 s) while the archive ran: each well before the messages would show again
        // (4 s after they were last hidden) — 1.5 s to spare for a loaded machine, none for a 4 s schedule
        assertThat(extended).filteredOn(e -> e.equals("archived-ahead for 4 s")).hasSizeGreaterThanOrEqualTo(2);
        long hidden = archiveStarted;
        for (long at : extendedAt.subList(0, 2)) {
            assertThat(java.time.Duration.ofNanos(at - hidden)).as("an extension well before the messages show again")
                    .isLessThan(java.time.Duration.ofMillis(3_500));
            hidden = at;
        }
    }
}
