package io.alertlake.consume;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

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
}
