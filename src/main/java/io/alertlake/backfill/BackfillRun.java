package io.alertlake.backfill;

import io.alertlake.jobs.StopRequests;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Progress of one backfill or reconciliation run, updated while it runs and readable at any time. */
public final class BackfillRun {

    /** Kept per run so a huge org cannot grow a run without bound; the counters stay exact. */
    private static final int MAX_LISTED = 500;

    public enum Kind { BACKFILL, RECONCILIATION }

    /**
     * {@code INTERRUPTED}: the task running it stopped before the end; {@code CANCELLED}: an operator stopped it (a
     * later run reads what either did not).
     */
    public enum Status { RUNNING, SUCCEEDED, FAILED, INTERRUPTED, CANCELLED }

    /**
     * An alert listing that could not be read for a repository, and why; or a whole installation (then
     * {@code repository} is its account and {@code alertType} null), e.g. when its rate limit ran out.
     */
    @RegisterForReflection // serialized by Jackson from a Response entity, which Quarkus cannot see at build time
    public record Problem(String repository, String alertType, int status, String reason) {
    }

    /**
     * What {@code GET /admin/backfill/{id}} shows, and what the task running it shares with the others in
     * {@code state/} ({@code updatedAt}: when it was taken).
     */
    @RegisterForReflection
    public record Snapshot(String id, Kind kind, String org, Instant since, Instant startedAt, Instant finishedAt,
                           Status status, int installations, int repositories, long alertsSeen, long eventsEnqueued,
                           int unavailableCount, List<Problem> unavailable, int errorCount, List<Problem> errors,
                           Instant updatedAt) {
    }

    private final String id;
    private final Kind kind;
    private final String org;
    private final Instant since;
    private final Instant startedAt;
    private volatile Instant finishedAt;
    private volatile Status status = Status.RUNNING;
    /** Another task took this run's lease, or an operator cancelled it: it stops before its next listing. */
    private final StopRequests stops = new StopRequests();
    final AtomicInteger installations = new AtomicInteger();
    final AtomicInteger repositories = new AtomicInteger();
    final AtomicLong alertsSeen = new AtomicLong();
    final AtomicLong eventsEnqueued = new AtomicLong();
    private final AtomicInteger unavailableCount = new AtomicInteger();
    private final AtomicInteger errorCount = new AtomicInteger();
    private final List<Problem> unavailable = Collections.synchronizedList(new ArrayList<>());
    private final List<Problem> errors = Collections.synchronizedList(new ArrayList<>());
    /** The listings read to their end ({@link Backfiller#listingKey}): the next reconciliation reads only these incrementally. */
    private final Set<String> listed = ConcurrentHashMap.newKeySet();

    public BackfillRun(String id, Kind kind, String org, Instant since, Instant startedAt) {
        this.id = id;
        this.kind = kind;
        this.org = org;
        this.since = since;
        this.startedAt = startedAt;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Status status() {
        return status;
    }

    public int errorCount() {
        return errorCount.get();
    }

    /** An endpoint GitHub does not offer for this repository (feature off, no access): expected, not an error. */
    void unavailable(Problem p) {
        unavailableCount.incrementAndGet();
        if (unavailable.size() < MAX_LISTED) {
            unavailable.add(p);
        }
    }

    void error(Problem p) {
        errorCount.incrementAndGet();
        if (errors.size() < MAX_LISTED) {
            errors.add(p);
        }
    }

    void listed(String key) {
        listed.add(key);
    }

    Set<String> listed() {
        return Set.copyOf(listed);
    }

    StopRequests stops() {
        return stops;
    }

    void finish(Status result, Instant at) {
        finishedAt = at;
        status = result;
    }

    public Snapshot snapshot() {
        return snapshot(null);
    }

    /** Its progress as of {@code at}. */
    public Snapshot snapshot(Instant at) {
        synchronized (unavailable) {
            synchronized (errors) {
                return new Snapshot(id, kind, org, since, startedAt, finishedAt, status, installations.get(),
                        repositories.get(), alertsSeen.get(), eventsEnqueued.get(), unavailableCount.get(),
                        List.copyOf(unavailable), errorCount.get(), List.copyOf(errors), at);
            }
        }
    }
}
