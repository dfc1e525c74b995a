package io.alertlake.consume;

import io.alertlake.jobs.StopRequests;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Progress of one replay of the raw archive, updated while it runs and readable at any time. */
public final class ReplayRun {

    /**
     * {@code INTERRUPTED}: the task running it stopped before the end; {@code CANCELLED}: an operator stopped it
     * (replaying the range again finishes either).
     */
    public enum Status { RUNNING, SUCCEEDED, FAILED, INTERRUPTED, CANCELLED }

    /**
     * What {@code GET /admin/replay/{id}} shows, and what the task running it shares with the others in
     * {@code state/} ({@code updatedAt}: when it was taken).
     */
    @RegisterForReflection // serialized by Jackson from a Response entity and into state/
    public record Snapshot(String id, LocalDate from, LocalDate to, Instant startedAt, Instant finishedAt,
                           Status status, int batches, int batchesDone, int batchesInFlight, int rawFiles,
                           long deliveries, long records, long quarantined, int staleFilesRemoved, String error,
                           Instant updatedAt, List<String> unreadableRawFiles) {
        public Snapshot {
            unreadableRawFiles = unreadableRawFiles == null ? List.of() : List.copyOf(unreadableRawFiles);
        }
    }

    private final String id;
    private final LocalDate from;
    private final LocalDate to;
    private final Instant startedAt;
    private volatile Instant finishedAt;
    private volatile Status status = Status.RUNNING;
    private volatile String error;
    /** Another task took this run's lease, or an operator cancelled it: it stops before its next batch. */
    private final StopRequests stops = new StopRequests();
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger batchesDone = new AtomicInteger();
    /** Batches of the range the consumer was still writing when the replay listed them: left out. */
    final AtomicInteger batchesInFlight = new AtomicInteger();
    final AtomicInteger rawFiles = new AtomicInteger();
    final AtomicLong deliveries = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong quarantined = new AtomicLong();
    final AtomicInteger staleFilesRemoved = new AtomicInteger();
    /** Raw files that could not be read (truncated, not an archive): their batches were left as they were. */
    final List<String> unreadableRawFiles = new CopyOnWriteArrayList<>();

    public ReplayRun(String id, LocalDate from, LocalDate to, Instant startedAt) {
        this.id = id;
        this.from = from;
        this.to = to;
        this.startedAt = startedAt;
    }

    public String id() {
        return id;
    }

    public Status status() {
        return status;
    }

    StopRequests stops() {
        return stops;
    }

    void finish(Status result, String why, Instant at) {
        error = why;
        finishedAt = at;
        status = result;
    }

    public Snapshot snapshot(Instant at) {
        return new Snapshot(id, from, to, startedAt, finishedAt, status, batches.get(), batchesDone.get(),
                batchesInFlight.get(), rawFiles.get(), deliveries.get(), records.get(), quarantined.get(),
                staleFilesRemoved.get(), error, at, unreadableRawFiles);
    }
}
