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

    private final BatchFlusher slow = new BatchFlusher(null, null, null, null, null) {
        @Override
        void archiveRaw(Batch batch, List<RawArchive.Line> lines) {
            pause();
        }

        @Override
        void extendVisibility(List<Message> messages, int seconds) {
            messages.forEach(m -> extended.add(m.receiptHandle() + " for " + seconds + " s"));
        }
    };

    private final io.alertlake.config.AlertlakeConfig config = TestConfigs.of(Map.of(
            "alertlake.queue.visibility-timeout", "2s", "alertlake.consumer.flush-interval", "1s"));
    private final DeliveryConsumer consumer = new DeliveryConsumer(config, null, null, null, null, slow,
            new ConsumerMetrics(new SimpleMeterRegistry(), config));

    /** An archive that takes longer than the 2 s the messages are hidden for: until two extensions came (≤ 30 s). */
    private void pause() {
        long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        try {
            Thread.sleep(2_500);
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

        // every half visibility timeout (1 s) while the archive ran
        assertThat(extended).filteredOn(e -> e.equals("archived-ahead for 2 s")).hasSizeGreaterThanOrEqualTo(2);
    }
}
