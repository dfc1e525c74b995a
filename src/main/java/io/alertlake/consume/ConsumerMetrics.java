package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Prometheus meters of the consume stage, exposed at {@code /q/metrics} by a task that consumes. A task that does not
 * (the ingest+API service) exports none: its zeros, lag 0 among them, would read as a consumer keeping up.
 */
@Singleton
public class ConsumerMetrics {

    private final Counter records;
    private final Counter quarantined;
    private final Counter flushFailures;
    private final Counter deferred;
    private final Timer flushLatency;
    private final DistributionSummary files;
    private final DistributionSummary bytes;
    /** Seconds since the oldest message the consumer holds unwritten was first sent: 0 while it holds none. */
    private volatile DoubleSupplier lagSeconds = () -> 0;

    ConsumerMetrics(MeterRegistry exported, AlertlakeConfig config) {
        // meters registered nowhere (a registry without children) on a task that does not consume
        MeterRegistry registry = config.runs(Role.CONSUME) ? exported : new CompositeMeterRegistry();
        records = Counter.builder("alertlake.consumer.records").description("OCSF records written").register(registry);
        quarantined = Counter.builder("alertlake.consumer.quarantined")
                .description("Deliveries that could not be mapped, written to quarantine/").register(registry);
        flushFailures = Counter.builder("alertlake.consumer.flush.failures")
                .description("Flushes that failed; their messages are received again").register(registry);
        deferred = Counter.builder("alertlake.consumer.deferred").description("Messages left on the queue after a "
                + "transient failure to read them (S3 down for a claim check); received again, after five receives in the "
                + "dead-letter queue").register(registry);
        flushLatency = Timer.builder("alertlake.consumer.flush").description("Time to write and acknowledge a batch")
                .register(registry);
        files = DistributionSummary.builder("alertlake.consumer.flush.files").description("Files written per flush")
                .register(registry);
        bytes = DistributionSummary.builder("alertlake.consumer.flush.bytes").baseUnit("bytes")
                .description("Parquet bytes written per flush").register(registry);
        Gauge.builder("alertlake.consumer.lag.seconds", () -> lagSeconds.getAsDouble())
                .description("Age of the oldest delivery received and not yet written (0 when none is held); after "
                        + "a failed flush it drops until the batch's messages are received again").register(registry);
    }

    void flushed(long nanos, int recordCount, int fileCount, long byteCount) {
        flushLatency.record(nanos, TimeUnit.NANOSECONDS);
        records.increment(recordCount);
        files.record(fileCount);
        bytes.record(byteCount);
    }

    /** Where the lag gauge reads the consumer's lag from, as it is at each scrape. */
    void lagFrom(DoubleSupplier seconds) {
        lagSeconds = seconds;
    }

    void quarantined(int count) {
        quarantined.increment(count);
    }

    void flushFailed() {
        flushFailures.increment();
    }

    void deferred() {
        deferred.increment();
    }
}
