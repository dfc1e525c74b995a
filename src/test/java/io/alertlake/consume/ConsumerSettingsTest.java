package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings the consumer refuses to start with, with an error that names them; the defaults it starts with. */
class ConsumerSettingsTest {

    private static AlertlakeConfig config(String flushInterval, String visibilityTimeout) {
        return TestConfigs.of(Map.of("alertlake.consumer.flush-interval", flushInterval,
                "alertlake.queue.visibility-timeout", visibilityTimeout));
    }

    @Test
    void aFlushIntervalOverHalfTheVisibilityTimeoutIsRefused() {
        for (String[] c : new String[][]{{"5m", "5m"}, {"10m", "5m"}, {"151s", "5m"}, {"1001ms", "2s"}}) {
            var consumer = new DeliveryConsumer(config(c[0], c[1]), null, null, null, null, null, null);
            assertThatThrownBy(consumer::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("alertlake.consumer.flush-interval")
                    .hasMessageContaining("alertlake.queue.visibility-timeout");
        }
    }

    @Test
    void receiversDefaultToSixteenAgainstSqsAndTwoAgainstTheQueueInThisProcess() {
        // each receive waits a round trip to SQS for at most 10 messages: two receivers drained ~500 deliveries/s
        assertThat(TestConfigs.of(Map.of("alertlake.mode", "aws")).receivers()).isEqualTo(16);
        assertThat(TestConfigs.of(Map.of("alertlake.mode", "local")).receivers()).isEqualTo(2);
        assertThat(TestConfigs.of(Map.of("alertlake.mode", "aws", "alertlake.consumer.receivers", "40")).receivers())
                .isEqualTo(40);
        assertThat(TestConfigs.of(Map.of("alertlake.consumer.receivers", "0")).receivers()).isEqualTo(1);
    }

    @Test
    void theLongPollWaitsTenSecondsOnSqsAndOneOnTheQueueInThisProcess() {
        // a stop waits for the receivers' polls: local mode stopped in ~9 s with 10 s polls, ~4 s with 1 s
        assertThat(TestConfigs.of(Map.of("alertlake.mode", "aws")).pollWait()).hasSeconds(10);
        assertThat(TestConfigs.of(Map.of("alertlake.mode", "local")).pollWait()).hasSeconds(1);
        assertThat(TestConfigs.of(Map.of("alertlake.mode", "local", "alertlake.consumer.poll-wait", "5s")).pollWait())
                .hasSeconds(5);
    }

    @Test
    void flushesComeEveryMinuteOnAwsAndEveryTwoSecondsLocally() {
        // the defaults: a minute's records a file on AWS, the README's first question answered at once locally
        assertThat(TestConfigs.of(Map.of("alertlake.mode", "aws")).flushInterval()).hasSeconds(60);
        assertThat(TestConfigs.of(Map.of("alertlake.mode", "local")).flushInterval()).hasSeconds(2);
        assertThat(TestConfigs.of(Map.of("alertlake.mode", "aws", "alertlake.consumer.flush-interval", "30s"))
                .flushInterval()).hasSeconds(30);
    }

    @Test
    void theLongPollWaitsAtLeastASecondAndAtMostTwenty() {
        // under a second would be a short poll: receivers on an empty queue would ask SQS without pause
        assertThat(DeliveryConsumer.pollWaitSeconds(java.time.Duration.ofMillis(500))).isEqualTo(1);
        assertThat(DeliveryConsumer.pollWaitSeconds(java.time.Duration.ofSeconds(10))).isEqualTo(10);
        assertThat(DeliveryConsumer.pollWaitSeconds(java.time.Duration.ofMinutes(1))).isEqualTo(20);
    }
}
