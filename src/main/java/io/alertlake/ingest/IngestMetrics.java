package io.alertlake.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/** Prometheus meters of the ingest stage, exposed at {@code /q/metrics}. */
@Singleton
public class IngestMetrics {

    private static final Logger LOG = Logger.getLogger(IngestMetrics.class);

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

    /** Header values that are not event names, each logged once; at most as many as there may be tags. */
    private final java.util.Set<String> loggedOthers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void ignored(String event) {
        boolean named = event.matches("[a-z_]{1,64}");
        boolean first = named && !ignoredTags.contains(event) && ignoredTags.size() < MAX_IGNORED_EVENT_TAGS
                && ignoredTags.add(event);
        String tag = named && ignoredTags.contains(event) ? event : "other";
        if (first) { // once per event name: an event that should be stored but is missing from the list shows here
            LOG.infof("'%s' deliveries are answered 202 and not stored: the event is not in alertlake.webhook.events",
                    event);
        } else if (!named) { // e.g. a hand-made delivery with "dependabot-alert": say why nothing was stored
            String shown = printable(event);
            if (loggedOthers.size() < MAX_IGNORED_EVENT_TAGS && loggedOthers.add(shown)) {
                LOG.infof("'%s' deliveries are answered 202 and not stored: not an event name (GitHub's are lower "
                        + "case words joined by '_', e.g. dependabot_alert); counted as event=\"other\"", shown);
            }
        }
        Counter.builder("alertlake.webhook.ignored").tag("event", tag)
                .description("Verified deliveries of events that are not stored").register(registry).increment();
    }

    /**
     * The unsigned header as it may be logged: its first 64 characters, printable ASCII only (anything else, line
     * breaks and escape sequences among it, becomes '?'), "..." marking a cut.
     */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(64).forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        if (value.codePoints().count() > 64) {
            out.append("...");
        }
        return out.toString();
    }

    void rejected(String reason) {
        Counter.builder("alertlake.webhook.rejected").tag("reason", reason)
                .description("Deliveries refused, by reason").register(registry).increment();
    }
}
