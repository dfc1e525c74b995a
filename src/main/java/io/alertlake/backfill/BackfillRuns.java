package io.alertlake.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.github.GitHub;
import io.alertlake.github.GitHubApp;
import io.alertlake.ingest.DeliveryQueue;
import io.alertlake.lake.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Starts backfill and reconciliation runs, one at a time across the service's tasks, on a thread of their own, and
 * shares their progress for {@code GET /admin/backfill/{id}} in {@code state/backfill-runs/<id>.json}, so that any
 * task behind the load balancer answers it. The running task holds the lease {@code backfill-run}
 * ({@link JobLeases}) and renews it with its progress; a task that stops lets it lapse, and its run reads as
 * {@code INTERRUPTED}. A run over every installation that succeeds moves the reconciliation watermark (kept in
 * {@code state/}) to its start, less an hour for alerts updated while it ran.
 */
@Singleton
public class BackfillRuns {

    private static final Logger LOG = Logger.getLogger(BackfillRuns.class);
    static final String WATERMARK = "reconciliation";
    static final Duration OVERLAP = Duration.ofHours(1);
    /** Where each run's progress is shared with the other tasks: {@code state/backfill-runs/<id>.json}. */
    static final String SHARED = "backfill-runs";
    /** The lease of the task whose run is going. */
    static final String LEASE = "backfill-run";
    /** How often the running task shares its progress and renews its lease. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Progress older than this is a run whose task stopped; its lease lasts as long. */
    static final Duration STALE = Duration.ofMinutes(2);
    private static final int REMEMBERED = 50;
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** What a run id is made of (it names an object in {@code state/}). */
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z-]{1,64}");

    /**
     * A run that was started, or the one already under way ({@code run} null when another task's run has not
     * shared its progress yet).
     */
    public record Started(BackfillRun.Snapshot run, boolean alreadyRunning) {
    }

    private final GitHub github;
    private final List<String> optInSecretTypes;
    private final DeliveryQueue queue;
    private final StateStore state;
    private final JobLeases leases;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(daemon("backfill"));
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(daemon("backfill-progress"));
    /** The runs this task started, live. */
    private final Map<String, BackfillRun> runs = new LinkedHashMap<>();
    private volatile BackfillRun current;

    @Inject
    BackfillRuns(GitHub github, AlertlakeConfig config, DeliveryQueue queue, StateStore state, JobLeases leases,
                 ObjectMapper json, MeterRegistry meters) {
        this(github, config, queue, state, leases, json, meters, Clock.systemUTC());
    }

    BackfillRuns(GitHub github, AlertlakeConfig config, DeliveryQueue queue, StateStore state, JobLeases leases,
                 ObjectMapper json, MeterRegistry meters, Clock clock) {
        this.github = github;
        this.optInSecretTypes = config.github().optInSecretTypesToRead();
        this.queue = queue;
        this.state = state;
        this.leases = leases;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
        progress.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
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

    /** A run's progress, whichever task runs or ran it. */
    public Optional<BackfillRun.Snapshot> find(String id) {
        synchronized (this) {
            BackfillRun local = runs.get(id);
            if (local != null) {
                return Optional.of(local.snapshot(clock.instant()));
            }
        }
        return ID.matcher(id).matches() ? shared(id) : Optional.empty();
    }

    /** The last {@value #REMEMBERED} runs of the service, newest first. */
    public List<BackfillRun.Snapshot> recent() {
        List<String> names = state.list(SHARED);
        List<BackfillRun.Snapshot> out = new ArrayList<>();
        for (int i = names.size() - 1; i >= 0 && out.size() < REMEMBERED; i--) {
            find(names.get(i).substring(SHARED.length() + 1)).ifPresent(out::add);
        }
        return out;
    }

    private synchronized Started start(BackfillRun.Kind kind, String org, Instant since, Set<String> listedBefore) {
        GitHubApp app = github.require();
        if (current != null && current.status() == BackfillRun.Status.RUNNING) {
            return new Started(current.snapshot(clock.instant()), true);
        }
        if (!leases.hold(LEASE, STALE)) {
            return new Started(runningElsewhere().orElse(null), true);
        }
        Instant now = clock.instant();
        BackfillRun run = new BackfillRun(ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8),
                kind, org, since, now);
        current = run;
        runs.put(run.id(), run);
        if (runs.size() > REMEMBERED) {
            runs.remove(runs.keySet().iterator().next());
        }
        share(run);
        LOG.infof("%s %s started%s%s", kind, run.id(), org == null ? "" : " for " + org,
                since == null ? "" : " from " + since);
        worker.execute(() -> execute(app, run, org, since, listedBefore));
        return new Started(run.snapshot(now), false);
    }

    private void execute(GitHubApp app, BackfillRun run, String org, Instant since, Set<String> listedBefore) {
        try {
            new Backfiller(app, optInSecretTypes, queue::enqueue, clock).run(run, org, since, listedBefore);
            finished(run, org);
        } finally {
            if (run.status() == BackfillRun.Status.RUNNING) { // an Error ended it
                run.finish(BackfillRun.Status.FAILED, clock.instant());
            }
            share(run);
            try {
                leases.release(LEASE); // after the watermark: the next run starts from it
            } catch (RuntimeException e) {
                LOG.warnf("the backfill lease could not be released (it lapses within %s): %s", STALE, e.getMessage());
            }
        }
    }

    /** Counts a finished run and, when it read every installation successfully, moves the watermark. */
    private void finished(BackfillRun run, String org) {
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

    /** While a run goes: its progress for the other tasks, and its lease renewed. */
    private void heartbeat() {
        BackfillRun run = current;
        if (run == null || run.status() != BackfillRun.Status.RUNNING) {
            return;
        }
        try {
            if (!leases.hold(LEASE, STALE)) {
                LOG.warnf("%s %s: another task took the backfill lease (this task could not renew it in %s)",
                        run.kind(), run.id(), STALE);
            }
        } catch (RuntimeException e) {
            LOG.warnf("%s %s: the backfill lease could not be renewed: %s", run.kind(), run.id(), e.getMessage());
        }
        share(run);
    }

    private void share(BackfillRun run) {
        try {
            state.write(SHARED + "/" + run.id(), json.valueToTree(run.snapshot(clock.instant())));
        } catch (RuntimeException e) {
            LOG.warnf("%s %s: progress not shared with the other tasks: %s", run.kind(), run.id(), e.getMessage());
        }
    }

    private Optional<BackfillRun.Snapshot> shared(String id) {
        return state.read(SHARED + "/" + id).map(this::snapshot).map(s -> s.seenAt(clock.instant(), STALE));
    }

    private BackfillRun.Snapshot snapshot(JsonNode node) {
        try {
            return json.treeToValue(node, BackfillRun.Snapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a backfill run's progress in state/ could not be read: " + e.getMessage(), e);
        }
    }

    /** The newest run that another task is running. */
    private Optional<BackfillRun.Snapshot> runningElsewhere() {
        List<String> names = state.list(SHARED);
        for (int i = names.size() - 1; i >= 0 && i >= names.size() - 5; i--) {
            Optional<BackfillRun.Snapshot> run = shared(names.get(i).substring(SHARED.length() + 1));
            if (run.isPresent() && run.get().status() == BackfillRun.Status.RUNNING) {
                return run;
            }
        }
        return Optional.empty();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void stop() {
        progress.shutdownNow();
        worker.shutdownNow();
    }
}
