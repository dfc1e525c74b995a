package io.alertlake.backfill;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.Role;
import io.alertlake.github.GitHub;
import io.alertlake.redelivery.Redeliveries;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/**
 * The scheduled GitHub jobs of the api role: reconciliation (catches what webhooks missed; the first run, with no
 * watermark yet, is a full backfill) and the sweep for failed webhook deliveries. Both are off without a GitHub App.
 */
@Singleton
public class GitHubJobs {

    private final BackfillRuns runs;
    private final Redeliveries redeliveries;

    GitHubJobs(BackfillRuns runs, Redeliveries redeliveries) {
        this.runs = runs;
        this.redeliveries = redeliveries;
    }

    @Scheduled(identity = "reconciliation", every = "{alertlake.github.reconcile-every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WithoutApp.class)
    void reconcile() {
        runs.reconcile();
    }

    @Scheduled(identity = "redelivery", every = "{alertlake.github.redeliver-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WithoutApp.class)
    void redeliver() {
        redeliveries.sweep();
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
