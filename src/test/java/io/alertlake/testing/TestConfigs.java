package io.alertlake.testing;

import io.alertlake.config.AlertlakeConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.util.Map;

/** An {@link AlertlakeConfig} of the given keys and the defaults, without starting the application. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static AlertlakeConfig of(Map<String, String> values) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(AlertlakeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter());
        values.forEach(builder::withDefaultValue);
        return builder.build().getConfigMapping(AlertlakeConfig.class);
    }
}
