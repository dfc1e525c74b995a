package io.alertlake.backfill;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.Role;
import io.alertlake.github.GitHub;
import io.alertlake.jobs.JobLeases;
import io.alertlake.redelivery.Redeliveries;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The scheduled GitHub jobs of the api role: reconciliation (catches what webhooks missed; the first run, with no
 * watermark yet, is a full backfill) and the sweep for failed webhook deliveries. Both are off without a GitHub App;
 * with several api tasks each job runs on the one that holds its lease ({@link JobLeases}).
 */
@Singleton
public class GitHubJobs {

    private static final String RECONCILIATION = "reconciliation";

    private final BackfillRuns runs;
    private final Redeliveries redeliveries;
    private final JobLeases leases;
    private final AlertlakeConfig config;
    /** The last reconciliation found another run going: it starts when that has ended. */
    private volatile boolean postponed;

    GitHubJobs(BackfillRuns runs, Redeliveries redeliveries, JobLeases leases, AlertlakeConfig config) {
        this.runs = runs;
        this.redeliveries = redeliveries;
        this.leases = leases;
        this.config = config;
    }

    @Scheduled(identity = "reconciliation", every = "{alertlake.github.reconcile-every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WithoutApp.class)
    void reconcile() {
        reconcile(DurationConverter.parseDuration(config.github().reconcileEvery()));
    }

    /**
     * A reconciliation that found another run going (an operator's backfill) starts once that run has ended, not a
     * whole {@code reconcile-every} later.
     */
    @Scheduled(identity = "reconciliation-retry", every = "5m", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WithoutApp.class)
    void reconcileIfPostponed() {
        if (postponed) {
            reconcile();
        }
    }

    /** Starts a reconciliation if this task takes the lease of one that recurs {@code every}. */
    void reconcile(Duration every) {
        if (leases.acquire(RECONCILIATION, every)) {
            postponed = runs.reconcile().alreadyRunning();
            if (postponed) {
                leases.release(RECONCILIATION); // so that this task, or another, takes it when the run has ended
            }
        }
    }

    /** Whether the last reconciliation found another run going and waits for it to end. */
    boolean postponed() {
        return postponed;
    }

    @Scheduled(identity = "redelivery", every = "{alertlake.github.redeliver-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WithoutApp.class)
    void redeliver() {
        if (leases.acquire(Redeliveries.LEASE, DurationConverter.parseDuration(config.github().redeliverEvery()))) {
            redeliveries.sweepAlone(); // skipped while an operator's pass runs: the next one picks up from it
        }
    }

    /** Skips the jobs when no App is configured or this process does not serve the api role. */
    @Singleton
    static class WithoutApp implements Scheduled.SkipPredicate {
        private final GitHub github;
        private final AlertlakeConfig config;

        WithoutApp(GitHub github, AlertlakeConfig config) {
            this.github = github;
            this.config = config;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return github.app().isEmpty() || !config.runs(Role.API);
        }
    }
}
