package io.alertlake.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.lake.StateStore;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Operator runs of one kind (backfill, replay) that go one at a time across the service's tasks, and whose progress
 * any task behind the load balancer answers for. The task running one holds the lease {@code <kind>-run}
 * ({@link JobLeases}) and writes the run's progress to {@code state/<kind>-runs/<id>.json} every {@link #HEARTBEAT}
 * and at its end, renewing the lease with it. Progress older than {@link #STALE} is that of a run whose task stopped:
 * it reads as {@code INTERRUPTED}, and the lease has lapsed with it. What this task does with the lease (taking it,
 * renewing it, giving it up) goes one step at a time, for the run it holds it for. Any task can {@link #cancel} a run:
 * it leaves {@code state/<kind>-cancel/<id>.json}, which the task running it reads at its next heartbeat.
 *
 * @param <P> the progress, a record with at least {@code id}, {@code status} ({@code RUNNING} while the run goes,
 *            {@code INTERRUPTED} among its values) and {@code updatedAt}
 */
public final class SharedRuns<P> {

    private static final Logger LOG = Logger.getLogger(SharedRuns.class);
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    public static final Duration STALE = Duration.ofMinutes(2);
    /**
     * How long {@link #awaitFinished} waits for this task's run, which reads as ended, to write what it leaves behind
     * and give its lease up.
     */
    public static final Duration FINISHING = Duration.ofSeconds(30);
    /** How many runs {@link #recent()} lists. */
    public static final int RECENT = 50;
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** What a run id is made of (it names an object in {@code state/}). */
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z-]{1,64}");

    /**
     * A run that was started, or the one already under way ({@code run} null when another task's run has not
     * shared its progress yet).
     */
    public record Started<P>(P run, boolean alreadyRunning) {
    }

    /** A run asked to stop ({@code running}: it was going, and stops before its next step), as it last shared it. */
    public record Cancelling<P>(P run, boolean running) {
    }

    private final String kind;
    private final Class<P> type;
    private final StateStore state;
    private final JobLeases leases;
    private final ObjectMapper json;
    private final Clock clock;
    private final ScheduledExecutorService heartbeat;
    /** The progress of this task's run while it goes. */
    private volatile Supplier<P> running;
    /** Where this task's run is told to stop: another task took its lease, or it was cancelled. */
    private volatile StopRequests stops;
    /** The id of this task's run while it goes. */
    private volatile String runningId;

    public SharedRuns(String kind, Class<P> type, StateStore state, JobLeases leases, ObjectMapper json, Clock clock) {
        this.kind = kind;
        this.type = type;
        this.state = state;
        this.leases = leases;
        this.json = json;
        this.clock = clock;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, kind + "-progress");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An id for a new run: when it starts, then random characters, so that ids sort as runs started. */
    public String newId() {
        return ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Takes the lease for a run of this task; false while another task's run goes. */
    public synchronized boolean claim() {
        return leases.hold(lease(), STALE);
    }

    /**
     * Shares the progress of this task's run now and every {@link #HEARTBEAT} until {@link #finished}, renewing its
     * lease; {@code stops} is told if another task took the lease meanwhile (this one could not renew it for
     * {@link #STALE}, and the other started a run of its own: the run should stop, not go on beside that one), and
     * when any task {@link #cancel cancels} the run (it should stop before its next step).
     */
    public synchronized void running(Supplier<P> progress, StopRequests stops) {
        this.stops = stops;
        running = progress;
        runningId = share(progress.get());
    }

    /**
     * Shares the last progress of the run whose {@code progress} was given to {@link #running} and gives the lease
     * up — unless this task runs another one now, which keeps the lease and its heartbeat.
     */
    public synchronized void finished(Supplier<P> progress) {
        share(progress.get());
        if (running != progress) {
            return;
        }
        running = null;
        stops = null;
        runningId = null;
        notifyAll();
        try {
            leases.release(lease());
        } catch (RuntimeException e) {
            LOG.warnf("the %s lease could not be given up (it lapses within %s): %s", kind, STALE, e.getMessage());
        }
    }

    /**
     * Whether this task has no run going, waiting up to {@link #FINISHING} for the one it has to {@link #finished
     * finish}: a run that reads as ended may still be writing what the next one starts from.
     */
    public synchronized boolean awaitFinished() {
        long until = System.nanoTime() + FINISHING.toNanos();
        try {
            for (long left = FINISHING.toNanos(); running != null && left > 0; left = until - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running == null;
    }

    /** A run's progress, whichever task runs or ran it. */
    public Optional<P> find(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return state.read(name(id)).map(this::progress);
    }

    /**
     * Asks the run {@code id} to stop before its next step, whichever task runs it: this task's at once, another
     * task's at its next heartbeat (within {@link #HEARTBEAT}). What was done stays done. Empty when there is no
     * such run.
     */
    public Optional<Cancelling<P>> cancel(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Optional<JsonNode> run = state.read(name(id)).map(this::seenNow);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        boolean going = "RUNNING".equals(run.get().path("status").asText());
        if (going) {
            state.write(cancelName(id), json.createObjectNode().put("id", id)
                    .put("requestedAt", clock.instant().toString()));
            cancelIfRunningHere(id);
        }
        return Optional.of(new Cancelling<>(convert(run.get()), going));
    }

    private synchronized void cancelIfRunningHere(String id) {
        if (id.equals(runningId) && stops != null) {
            stops.cancel();
        }
    }

    /** The last {@value #RECENT} runs, newest first. */
    public List<P> recent() {
        List<String> names = state.list(runsFolder(kind));
        List<P> out = new ArrayList<>();
        for (int i = names.size() - 1; i >= 0 && out.size() < RECENT; i--) {
            state.read(names.get(i)).map(this::progress).ifPresent(out::add);
        }
        return out;
    }

    /** The newest run that is going, on any task (null fields aside, as it last shared it). */
    public Optional<P> runningNow() {
        List<String> names = state.list(runsFolder(kind));
        for (int i = names.size() - 1; i >= Math.max(0, names.size() - 5); i--) {
            Optional<JsonNode> run = state.read(names.get(i)).map(this::seenNow);
            if (run.isPresent() && "RUNNING".equals(run.get().path("status").asText())) {
                return run.map(this::convert);
            }
        }
        return Optional.empty();
    }

    public void stop() {
        heartbeat.shutdownNow();
    }

    synchronized void beat() {
        Supplier<P> progress = running;
        if (progress == null) {
            return;
        }
        try {
            if (!leases.hold(lease(), STALE)) {
                LOG.warnf("another task took the %s lease (this task could not renew it within %s): stopping this run",
                        kind, STALE);
                stops.takeOver();
            }
        } catch (RuntimeException e) {
            LOG.warnf("the %s lease could not be renewed: %s", kind, e.getMessage());
        }
        try {
            if (state.read(cancelName(runningId)).isPresent()) {
                stops.cancel();
            }
        } catch (RuntimeException e) {
            LOG.warnf("%s %s: whether it was cancelled could not be read: %s", kind, runningId, e.getMessage());
        }
        share(progress.get());
    }

    /** Writes a run's progress to state/; its id. */
    private String share(P progress) {
        JsonNode node = json.valueToTree(progress);
        String id = node.path("id").asText();
        try {
            state.write(name(id), node);
        } catch (RuntimeException e) {
            LOG.warnf("%s %s: progress not shared with the other tasks: %s", kind, id, e.getMessage());
        }
        return id;
    }

    private P progress(JsonNode node) {
        return convert(seenNow(node));
    }

    /** A run still RUNNING in what it last shared, but not for {@link #STALE}, was interrupted. */
    private JsonNode seenNow(JsonNode node) {
        String updatedAt = node.path("updatedAt").asText(null);
        if ("RUNNING".equals(node.path("status").asText()) && updatedAt != null
                && Instant.parse(updatedAt).plus(STALE).isBefore(clock.instant())) {
            return ((ObjectNode) node.deepCopy()).put("status", "INTERRUPTED");
        }
        return node;
    }

    private P convert(JsonNode node) {
        try {
            return json.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the progress of a " + kind + " run in state/ could not be read: "
                    + e.getMessage(), e);
        }
    }

    private String lease() {
        return kind + "-run";
    }

    /** The folder under {@code state/} of the runs of {@code kind} (terraform/lake.tf expires what is in it). */
    public static String runsFolder(String kind) {
        return kind + "-runs";
    }

    /** The folder under {@code state/} of the requests to cancel runs of {@code kind} (expired as the runs are). */
    public static String cancelFolder(String kind) {
        return kind + "-cancel";
    }

    private String name(String id) {
        return runsFolder(kind) + "/" + id;
    }

    /** Beside the runs' folder, not in it: {@link #recent} reads every object there as a run. */
    private String cancelName(String id) {
        return cancelFolder(kind) + "/" + id;
    }
}
