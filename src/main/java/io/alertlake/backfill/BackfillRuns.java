package io.alertlake.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.github.GitHub;
import io.alertlake.github.GitHubApp;
import io.alertlake.ingest.DeliveryQueue;
import io.alertlake.lake.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts backfill and reconciliation runs, one at a time, on their own thread, and remembers the recent ones for
 * {@code GET /admin/backfill/{id}}. A run over every installation that succeeds moves the reconciliation
 * watermark (kept in {@code state/}) to its start, less an hour for alerts updated while it ran.
 */
@Singleton
public class BackfillRuns {

    private static final Logger LOG = Logger.getLogger(BackfillRuns.class);
    static final String WATERMARK = "reconciliation";
    static final Duration OVERLAP = Duration.ofHours(1);
    private static final int REMEMBERED = 50;

    /** A run that was started, or the one already under way. */
    public record Started(BackfillRun run, boolean alreadyRunning) {
    }

    private final GitHub github;
    private final List<String> optInSecretTypes;
    private final DeliveryQueue queue;
    private final StateStore state;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backfill");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, BackfillRun> runs = new LinkedHashMap<>();
    private BackfillRun current;

    BackfillRuns(GitHub github, AlertlakeConfig config, DeliveryQueue queue, StateStore state, MeterRegistry meters) {
        this.github = github;
        this.optInSecretTypes = config.github().optInSecretTypesToRead();
        this.queue = queue;
        this.state = state;
        this.meters = meters;
    }

    /**
     * A full backfill of every alert, optionally of one org only.
     *
     * @throws java.util.NoSuchElementException when the App has no installation on {@code org} that alertlake may
     *                                          read (a typo, or an org outside {@code alertlake.github.orgs})
     */
    public Started backfill(String org) {
        if (org != null && github.require().installations(org).isEmpty()) {
            throw new java.util.NoSuchElementException("the GitHub App has no installation on '" + org
                    + "' that alertlake reads (see GET /app/installations, and alertlake.github.orgs when it is set)");
        }
        return start(BackfillRun.Kind.BACKFILL, org, null, Set.of());
    }

    /**
     * An incremental run from the watermark over the listings the last successful run read; every other listing
     * (new repositories and installations) is read whole. Without a watermark (first run) it is a full backfill.
     */
    public Started reconcile() {
        Optional<JsonNode> watermark = state.read(WATERMARK);
        Instant since = watermark.map(j -> j.path("since").asText(null)).map(Instant::parse).orElse(null);
        Set<String> listed = new HashSet<>();
        watermark.ifPresent(j -> j.path("listed").forEach(key -> listed.add(key.asText())));
        return start(BackfillRun.Kind.RECONCILIATION, null, since, listed);
    }

    public synchronized Optional<BackfillRun> find(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    public synchronized List<BackfillRun.Snapshot> recent() {
        List<BackfillRun.Snapshot> out = new ArrayList<>();
        runs.values().forEach(r -> out.add(0, r.snapshot()));
        return out;
    }

    private synchronized Started start(BackfillRun.Kind kind, String org, Instant since, Set<String> listedBefore) {
        GitHubApp app = github.require();
        if (current != null && current.status() == BackfillRun.Status.RUNNING) {
            return new Started(current, true);
        }
        BackfillRun run = new BackfillRun(UUID.randomUUID().toString(), kind, org, since, clock.instant());
        current = run;
        runs.put(run.id(), run);
        if (runs.size() > REMEMBERED) {
            runs.remove(runs.keySet().iterator().next());
        }
        LOG.infof("%s %s started%s%s", kind, run.id(), org == null ? "" : " for " + org,
                since == null ? "" : " from " + since);
        worker.execute(() -> execute(app, run, org, since, listedBefore));
        return new Started(run, false);
    }

    private void execute(GitHubApp app, BackfillRun run, String org, Instant since, Set<String> listedBefore) {
        new Backfiller(app, optInSecretTypes, queue::enqueue, clock).run(run, org, since, listedBefore);
        BackfillRun.Snapshot s = run.snapshot();
        String kind = run.kind().name().toLowerCase();
        meters.counter("alertlake_backfill_alerts_seen", "kind", kind).increment(s.alertsSeen());
        meters.counter("alertlake_backfill_events_enqueued", "kind", kind).increment(s.eventsEnqueued());
        meters.counter("alertlake_backfill_runs", "kind", kind, "status", s.status().name().toLowerCase()).increment();
        LOG.infof("%s %s %s: %d repositories, %d alerts, %d events queued, %d unavailable listings, %d errors",
                run.kind(), run.id(), s.status(), s.repositories(), s.alertsSeen(), s.eventsEnqueued(),
                s.unavailableCount(), s.errorCount());
        if (s.status() == BackfillRun.Status.SUCCEEDED && org == null) {
            ObjectNode watermark = JsonNodeFactory.instance.objectNode()
                    .put("since", run.startedAt().minus(OVERLAP).toString()).put("run", run.id());
            run.listed().stream().sorted().forEach(watermark.putArray("listed")::add);
            state.write(WATERMARK, watermark);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
