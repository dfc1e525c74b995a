package io.alertlake.api.graphql;

import org.eclipse.microprofile.graphql.NonNull;

/**
 * One event of an alert's history; {@code state} is the state after it, null when it changed nothing; {@code action}
 * is the payload's, empty when the delivery had none.
 */
public record AlertEvent(@NonNull String time, @NonNull String action, AlertState state, String deliveryId) {
}
