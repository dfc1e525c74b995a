package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings the consumer refuses to start with, with an error that names them. */
class ConsumerSettingsTest {

    private static AlertlakeConfig config(String flushInterval, String visibilityTimeout) {
        return new SmallRyeConfigBuilder().withMapping(AlertlakeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(io.quarkus.runtime.configuration.MemorySize.class, 200,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withDefaultValue("alertlake.consumer.flush-interval", flushInterval)
                .withDefaultValue("alertlake.queue.visibility-timeout", visibilityTimeout)
                .build().getConfigMapping(AlertlakeConfig.class);
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
