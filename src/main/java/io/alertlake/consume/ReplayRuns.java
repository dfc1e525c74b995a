package io.alertlake.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertlake.jobs.JobLeases;
import io.alertlake.jobs.SharedRuns;
import io.alertlake.lake.StateStore;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Starts replays of the raw archive, one at a time across the service's tasks, on a thread of their own: a replay
 * of months outlives any HTTP request (and the load balancer's idle timeout). Any task answers
 * {@code GET /admin/replay/{id}} ({@link SharedRuns}: progress in {@code state/replay-runs/}).
 */
@Singleton
public class ReplayRuns {

    private static final Logger LOG = Logger.getLogger(ReplayRuns.class);

    /** The runs' name in {@code state/} and in their lease. */
    public static final String KIND = "replay";

    private final Replayer replayer;
    private final SharedRuns<ReplayRun.Snapshot> shared;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "replay");
        t.setDaemon(true);
        return t;
    });
    private volatile ReplayRun current;

    @Inject
    ReplayRuns(Replayer replayer, StateStore state, JobLeases leases, ObjectMapper json) {
        this.replayer = replayer;
        this.shared = new SharedRuns<>(KIND, ReplayRun.Snapshot.class, state, leases, json, clock);
    }

    /**
     * Starts replaying the receive days {@code from}..{@code to} (inclusive, UTC).
     *
     * @throws IllegalArgumentException when the range ends before it starts
     */
    public synchronized SharedRuns.Started<ReplayRun.Snapshot> start(LocalDate from, LocalDate to) {
        Replayer.checkRange(from, to);
        ReplayRun running = current;
        // a replay that reads as ended is over once it has shared its end and given its lease up
        if (running != null && (running.status() == ReplayRun.Status.RUNNING || !shared.awaitFinished())) {
            return new SharedRuns.Started<>(running.snapshot(clock.instant()), true);
        }
        if (!shared.claim()) {
            return new SharedRuns.Started<>(shared.runningNow().orElse(null), true);
        }
        ReplayRun run = new ReplayRun(shared.newId(), from, to, clock.instant());
        current = run;
        Supplier<ReplayRun.Snapshot> progress = () -> run.snapshot(clock.instant());
        shared.running(progress, run.stops());
        LOG.infof("replay %s of %s..%s started", run.id(), from, to);
        worker.execute(() -> execute(run, progress, from, to));
        return new SharedRuns.Started<>(run.snapshot(clock.instant()), false);
    }

    /** A replay's progress, whichever task runs or ran it. */
    public Optional<ReplayRun.Snapshot> find(String id) {
        ReplayRun local = current;
        if (local != null && local.id().equals(id)) {
            return Optional.of(local.snapshot(clock.instant()));
        }
        return shared.find(id);
    }

    /**
     * Asks the replay {@code id} to stop before its next batch, whichever task runs it; empty when there is no such
     * replay.
     */
    public Optional<SharedRuns.Cancelling<ReplayRun.Snapshot>> cancel(String id) {
        return shared.cancel(id);
    }

    /** The last replays of the service, newest first. */
    public List<ReplayRun.Snapshot> recent() {
        return shared.recent();
    }

    private void execute(ReplayRun run, Supplier<ReplayRun.Snapshot> progress, LocalDate from, LocalDate to) {
        try {
            replayer.replay(from, to, run);
            List<String> unreadable = List.copyOf(run.unreadableRawFiles);
            if (unreadable.isEmpty()) {
                run.finish(ReplayRun.Status.SUCCEEDED, null, clock.instant());
            } else {
                run.finish(ReplayRun.Status.FAILED, unreadable.size() + " raw file(s) could not be read, their batches "
                        + "were left as they were: " + String.join(", ", unreadable), clock.instant());
            }
        } catch (Replayer.Cancelled e) {
            run.finish(ReplayRun.Status.CANCELLED, e.getMessage(), clock.instant());
        } catch (RuntimeException | Error e) {
            // what was replayed stays replayed; replaying the range again finishes the rest
            run.finish(ReplayRun.Status.FAILED, e.toString(), clock.instant());
            LOG.errorf(e, "replay %s failed after %d of its batches", run.id(), run.batchesDone.get());
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            shared.finished(progress);
            LOG.infof("replay finished: %s", run.snapshot(clock.instant()));
        }
    }

    @PreDestroy
    void stop() {
        shared.stop();
        worker.shutdownNow();
    }
}
