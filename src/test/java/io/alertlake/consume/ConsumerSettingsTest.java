package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings the consumer refuses to start with, with an error that names them. */
class ConsumerSettingsTest {

    private static AlertlakeConfig config(String flushInterval, String visibilityTimeout) {
        return TestConfigs.of(Map.of("alertlake.consumer.flush-interval", flushInterval,
                "alertlake.queue.visibility-timeout", visibilityTimeout));
    }

    @Test
    void aFlushIntervalNotShorterThanTheVisibilityTimeoutIsRefused() {
        for (String[] c : new String[][]{{"5m", "5m"}, {"10m", "5m"}}) {
            var consumer = new DeliveryConsumer(config(c[0], c[1]), null, null, null, null, null, null);
            assertThatThrownBy(consumer::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("alertlake.consumer.flush-interval")
                    .hasMessageContaining("alertlake.queue.visibility-timeout");
        }
    }
}
