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

    /**
     * The {@code X-GitHub-Event} header is not signed: a signed body sent again under made-up event names would
     * otherwise make a counter per name. GitHub has fewer event types than this.
     */
    static final int MAX_IGNORED_EVENT_TAGS = 100;
    private final java.util.Set<String> ignoredTags = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void ignored(String event) {
        String tag = event.matches("[a-z_]{1,64}") && (ignoredTags.contains(event)
                || ignoredTags.size() < MAX_IGNORED_EVENT_TAGS && ignoredTags.add(event)) ? event : "other";
        Counter.builder("alertlake.webhook.ignored").tag("event", tag)
                .description("Verified deliveries of events that are not stored").register(registry).increment();
    }

    void rejected(String reason) {
        Counter.builder("alertlake.webhook.rejected").tag("reason", reason)
                .description("Deliveries refused, by reason").register(registry).increment();
    }
}
