package io.alertlake.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.github.GitHub;
import io.alertlake.github.GitHubApp;
import io.alertlake.ingest.DeliveryQueue;
import io.alertlake.jobs.JobLeases;
import io.alertlake.jobs.SharedRuns;
import io.alertlake.lake.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Starts backfill and reconciliation runs, one at a time across the service's tasks, on a thread of their own; any
 * task answers {@code GET /admin/backfill/{id}} ({@link SharedRuns}: progress in {@code state/backfill-runs/}). A run
 * moves the reconciliation watermark (kept in {@code state/}) of every listing it read through to the run's start,
 * less an hour for alerts updated while it ran ({@link Watermarks}).
 */
@Singleton
public class BackfillRuns {

    private static final Logger LOG = Logger.getLogger(BackfillRuns.class);
    static final String WATERMARK = "reconciliation";
    /** The runs' name in {@code state/}: the lease {@code backfill-run}, the progress under {@code backfill-runs/}. */
    public static final String KIND = "backfill";

    private final GitHub github;
    private final List<String> optInSecretTypes;
    private final DeliveryQueue queue;
    private final StateStore state;
    private final SharedRuns<BackfillRun.Snapshot> shared;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backfill");
        t.setDaemon(true);
        return t;
    });
    /** The run this task started last, live; earlier ones are read from {@code state/} like any task's. */
    private volatile BackfillRun current;

    @Inject
    BackfillRuns(GitHub github, AlertlakeConfig config, DeliveryQueue queue, StateStore state, JobLeases leases,
                 ObjectMapper json, MeterRegistry meters) {
        this.github = github;
        this.optInSecretTypes = config.github().optInSecretTypes();
        this.queue = queue;
        this.state = state;
        this.meters = meters;
        this.clock = Clock.systemUTC();
        this.shared = new SharedRuns<>(KIND, BackfillRun.Snapshot.class, state, leases, json, clock);
    }

    /**
     * A full backfill of every alert, optionally of one org only.
     *
     * @throws java.util.NoSuchElementException when the App has no installation on {@code org} that alertlake may
     *                                          read (a typo, or an org outside {@code alertlake.github.orgs})
     */
    public SharedRuns.Started<BackfillRun.Snapshot> backfill(String org) {
        if (org != null && github.require().installations(org).isEmpty()) {
            throw new java.util.NoSuchElementException("the GitHub App has no installation on '" + org
                    + "' that alertlake reads (see GET /app/installations, and alertlake.github.orgs when it is set)");
        }
        return start(BackfillRun.Kind.BACKFILL, org);
    }

    /**
     * An incremental run: each listing from its watermark; a listing without one (new repositories and
     * installations, or never read to its end) is read whole. Without a watermark (first run) it is a full backfill.
     */
    public SharedRuns.Started<BackfillRun.Snapshot> reconcile() {
        return start(BackfillRun.Kind.RECONCILIATION, null);
    }

    /** A run's progress, whichever task runs or ran it. */
    public Optional<BackfillRun.Snapshot> find(String id) {
        BackfillRun local = current;
        if (local != null && local.id().equals(id)) {
            return Optional.of(local.snapshot(clock.instant()));
        }
        return shared.find(id);
    }

    /**
     * Asks the run {@code id} to stop before its next listing, whichever task runs it; empty when there is no such
     * run.
     */
    public Optional<SharedRuns.Cancelling<BackfillRun.Snapshot>> cancel(String id) {
        return shared.cancel(id);
    }

    /** The last runs of the service, newest first. */
    public List<BackfillRun.Snapshot> recent() {
        return shared.recent();
    }

    private synchronized SharedRuns.Started<BackfillRun.Snapshot> start(BackfillRun.Kind kind, String org) {
        GitHubApp app = github.require();
        // a run that reads as ended is over once it has moved the watermark and given its lease up
        if (current != null && (current.status() == BackfillRun.Status.RUNNING || !shared.awaitFinished())) {
            return new SharedRuns.Started<>(current.snapshot(clock.instant()), true);
        }
        Watermarks from = kind == BackfillRun.Kind.RECONCILIATION ? Watermarks.of(state.read(WATERMARK))
                : Watermarks.NONE; // read once the run before has moved it
        if (!shared.claim()) {
            return new SharedRuns.Started<>(shared.runningNow().orElse(null), true);
        }
        Instant since = from.oldest(); // as the run shows it: the earliest any listing is read from
        BackfillRun run = new BackfillRun(shared.newId(), kind, org, since, clock.instant());
        current = run;
        Supplier<BackfillRun.Snapshot> progress = () -> run.snapshot(clock.instant());
        shared.running(progress, run.stops());
        LOG.infof("%s %s started%s%s", kind, run.id(), org == null ? "" : " for " + org,
                since == null ? "" : " from " + since);
        worker.execute(() -> execute(app, run, progress, org, from));
        return new SharedRuns.Started<>(run.snapshot(clock.instant()), false);
    }

    private void execute(GitHubApp app, BackfillRun run, Supplier<BackfillRun.Snapshot> progress, String org,
                         Watermarks from) {
        try {
            new Backfiller(app, optInSecretTypes, queue::enqueue, clock).run(run, org, from::since);
            finished(run, org);
        } finally {
            if (run.status() == BackfillRun.Status.RUNNING) { // an Error ended it
                run.finish(BackfillRun.Status.FAILED, clock.instant());
            }
            shared.finished(progress); // after the watermark: the next run starts from it
        }
    }

    /**
     * Counts a finished run and moves the watermarks of the listings it read to their end, whether or not the run
     * failed elsewhere (one run at a time: nothing else writes them meanwhile).
     */
    private void finished(BackfillRun run, String org) {
        BackfillRun.Snapshot s = run.snapshot();
        String kind = run.kind().name().toLowerCase(Locale.ROOT);
        meters.counter("alertlake_backfill_alerts_seen", "kind", kind).increment(s.alertsSeen());
        meters.counter("alertlake_backfill_events_enqueued", "kind", kind).increment(s.eventsEnqueued());
        meters.counter("alertlake_backfill_runs", "kind", kind, "status", s.status().name().toLowerCase(Locale.ROOT)).increment();
        // a failed run at ERROR: the operators' alarm on the ingest+API log group counts those (its errors name
        // what failed, each logged at WARN as it happened)
        LOG.logf(s.status() == BackfillRun.Status.FAILED ? Logger.Level.ERROR : Logger.Level.INFO,
                "%s %s %s: %d repositories, %d alerts, %d events queued, %d unavailable listings, %d errors",
                run.kind(), run.id(), s.status(), s.repositories(), s.alertsSeen(), s.eventsEnqueued(),
                s.unavailableCount(), s.errorCount());
        if (!run.listed().isEmpty()) {
            state.write(WATERMARK, Watermarks.of(state.read(WATERMARK)).after(run.startedAt(), run.listed())
                    .json(run.id()));
        }
    }

    @PreDestroy
    void stop() {
        shared.stop();
        worker.shutdownNow();
    }
}
