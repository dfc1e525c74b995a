package io.alertlake.api.graphql;

import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

/** One page of alerts, and how many match in all. */
public record AlertConnection(@NonNull List<@NonNull Alert> nodes, @NonNull PageInfo pageInfo, int totalCount) {
}
