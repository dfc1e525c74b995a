package io.alertlake.api.graphql;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * An alert with its current lifecycle. Its {@code events} are resolved separately (and in one batch for a
 * page of alerts) only when a query asks for them. {@code createdAtInferred}: no event carried the alert's
 * {@code created_at}, and {@code createdAt} is its earliest event's time (docs/metrics.md).
 */
public record Alert(
        @NonNull @Id String id, @NonNull String org, @NonNull String repo, @NonNull AlertType alertType, int number,
        @NonNull Severity severity, @NonNull String tool, String rule, String title, String url,
        @NonNull AlertState state, @NonNull String createdAt, boolean createdAtInferred, String closedAt,
        String closeReason, String dismissedReason, Double timeToRemediateSeconds, int reopenCount) {
}
