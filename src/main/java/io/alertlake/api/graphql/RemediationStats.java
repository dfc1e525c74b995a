package io.alertlake.api.graphql;

/** Remediation metrics of one group (metrics.md §6); dimensions not grouped by are null. */
public record RemediationStats(
        String org, String repo, AlertType alertType, Severity severity, String tool, String month,
        int opened, int fixed, int dismissed, int falsePositives, int reopened, int openAtEnd,
        Double mttrSeconds, Double meanTimeToFixSeconds, Double p50Seconds, Double p90Seconds,
        Double netResolveRate, Double meanOpenAgeSeconds, int slaBreaches, int invalidDurations) {
}
