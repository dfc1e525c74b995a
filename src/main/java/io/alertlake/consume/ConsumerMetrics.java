package io.alertlake.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Prometheus meters of the consume stage, exposed at {@code /q/metrics}. */
@Singleton
public class ConsumerMetrics {

    private final Counter records;
    private final Counter quarantined;
    private final Counter flushFailures;
    private final Counter deferred;
    private final Timer flushLatency;
    private final DistributionSummary files;
    private final DistributionSummary bytes;
    private final AtomicLong lagMillis = new AtomicLong();

    ConsumerMetrics(MeterRegistry registry) {
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
        registry.gauge("alertlake.consumer.lag.seconds", lagMillis, v -> v.get() / 1000.0);
    }

    void flushed(long nanos, int recordCount, int fileCount, long byteCount, long oldestSentMillis) {
        flushLatency.record(nanos, TimeUnit.NANOSECONDS);
        records.increment(recordCount);
        files.record(fileCount);
        bytes.record(byteCount);
        lagMillis.set(Math.max(0, System.currentTimeMillis() - oldestSentMillis));
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
