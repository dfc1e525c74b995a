package io.alertlake.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;

/** Prometheus meters of the ingest stage, exposed at {@code /q/metrics}. */
@Singleton
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Timer enqueueLatency;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.enqueueLatency = Timer.builder("alertlake.webhook.enqueue")
                .description("Time from a verified delivery to SQS accepting it")
                .publishPercentileHistogram()
                .register(registry);
    }

    void enqueued(String event, long nanos) {
        enqueueLatency.record(nanos, TimeUnit.NANOSECONDS);
        accepted(event);
    }

    void accepted(String event) {
        Counter.builder("alertlake.webhook.accepted").tag("event", event)
                .description("Deliveries accepted (queued, or answered for ping)").register(registry).increment();
    }

    void ignored(String event) {
        Counter.builder("alertlake.webhook.ignored").tag("event", event)
                .description("Verified deliveries of events that are not stored").register(registry).increment();
    }

    void rejected(String reason) {
        Counter.builder("alertlake.webhook.rejected").tag("reason", reason)
                .description("Deliveries refused, by reason").register(registry).increment();
    }
}
