package io.alertlake.api.graphql;

/** Where a page ends; pass {@code endCursor} as {@code after} for the next page. */
public record PageInfo(boolean hasNextPage, String endCursor) {
}
