package io.alertlake.aws;

import io.alertlake.config.AlertlakeConfig;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Where {@code alertlake.metrics.cloudwatch} is on (by default in aws mode), publishes the {@code alertlake_*} meters
 * to CloudWatch through standard error ({@link EmfMeterRegistry}), which ECS sends to CloudWatch Logs. Standard error,
 * apart from the log records on standard output: a record longer than the console's buffer is written in pieces, and
 * a document printed between two pieces would no longer be a line of its own. Quarkus adds every
 * {@link MeterRegistry} bean to the registry the meters are made in.
 */
@Singleton
public class CloudWatchMetrics {

    private final EmfMeterRegistry registry;

    CloudWatchMetrics(AlertlakeConfig config) {
        if (config.cloudWatchMetrics()) {
            registry = new EmfMeterRegistry(config.metrics().cloudwatchNamespace(), config.metrics().cloudwatchStep(),
                    Clock.SYSTEM, line -> System.err.println(line));
            registry.start(Thread.ofPlatform().name("cloudwatch-metrics").daemon().factory());
        } else {
            registry = null;
        }
    }

    /** The registry, or none (null, which Quarkus skips) where the setting is off. */
    @Produces
    @Dependent
    @Unremovable
    MeterRegistry cloudWatch() {
        return registry;
    }

    /** Publishes the last, partial step: a consumer that stops after a flush still reports the flush. */
    @PreDestroy
    void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
