package io.alertlake.consume;

import io.alertlake.delivery.Delivery;
import io.alertlake.lake.RawArchive;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch's clock and its write-ahead of the raw archive. */
class BatchTest {

    @Test
    void theFlushIntervalRunsFromTheFirstMessageNotFromAQuietSpellBefore() throws Exception {
        Batch batch = new Batch();
        Thread.sleep(50); // nothing received for a while
        Instant before = Instant.now();
        batch.received(Message.builder().messageId("1").build(), 100);
        assertThat(batch.openedAt).isAfterOrEqualTo(before);
        Instant first = batch.openedAt;
        Thread.sleep(5);
        batch.received(Message.builder().messageId("2").build(), 100);
        assertThat(batch.openedAt).isEqualTo(first);
        assertThat(batch.bytes).isEqualTo(200);
        assertThat(batch.messages).hasSize(2);
    }

    @Test
    void aFailedWriteAheadIsLeftToTheFlushInsteadOfRetriedEveryTick() {
        Batch batch = new Batch();
        batch.received(Message.builder().messageId("1").build(), 1000);
        assertThat(batch.archiveDue(2000)).isFalse();
        assertThat(batch.archiveDue(1000)).isTrue();
        batch.archiveFailed();
        assertThat(batch.archiveDue(1000)).isFalse();
        assertThat(new Batch().archiveDue(0)).as("a fresh batch").isTrue();
    }

    @Test
    void quarantinedBodiesHoldTheReceiversBackAndBringTheFlushForwardThoughTheyMapToNoRecord() {
        Batch batch = new Batch();
        for (int i = 0; i < 3; i++) {
            batch.received(Message.builder().messageId("m" + i).build(), 400);
            batch.quarantine(new RawArchive.Line(new Delivery("code_scanning_alert", "d" + i, null, null, null,
                    Instant.now(), new byte[400]), "not JSON"));
        }
        batch.bytes = 0; // the raw archive written ahead of the flush lets go of the bodies it archived
        Duration hour = Duration.ofHours(1);
        assertThat(batch.records).isZero();
        assertThat(batch.overFull(100_000, 2_000)).isFalse();
        assertThat(batch.flushDue(100_000, 2_000, hour, Instant.now())).isFalse();
        assertThat(batch.overFull(100_000, 1_200)).isTrue(); // their quarantine lines still hold them
        assertThat(batch.flushDue(100_000, 1_200, hour, Instant.now())).isTrue();
    }
}
