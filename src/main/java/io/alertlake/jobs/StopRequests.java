package io.alertlake.jobs;

/**
 * Why a shared run (a replay, a backfill) should stop before its next step, as {@link SharedRuns} tells it: another
 * task took its lease, or an operator cancelled it. Set from the heartbeat's or a request's thread, read by the
 * run's own loop between steps; a step under way always ends whole.
 */
public final class StopRequests {

    /** Another task took the run's lease. */
    private volatile boolean takenOver;
    /** An operator cancelled the run. */
    private volatile boolean cancelled;

    public void takeOver() {
        takenOver = true;
    }

    public boolean takenOver() {
        return takenOver;
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }
}
