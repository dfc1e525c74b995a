package io.alertlake.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a query reads alert events from: the {@code alert_events} view over the whole lake, or the view's own
 * SQL restricted to some {@code org=} partitions of the findings table, so that the engine opens only those
 * partitions' files (DuckDB prunes Hive folders, Athena and Trino prune partitions, on constant conditions).
 * <p>
 * A question about some orgs or repositories reads the partitions of every org their repositories ever
 * belonged to ({@code queries/partition_orgs.sql}): an event stays in the partition of the org it was received
 * under, so the events of a transferred repository are in more than one.
 *
 * @param sql        a table expression: a view name or a parenthesized query
 * @param parameters the values of its {@code ?}, in order
 */
public record EventSource(String sql, List<Object> parameters) {

    public static final EventSource ALL = new EventSource("alert_events", List.of());

    /**
     * The parameters of a query that reads these events: theirs first (the event source comes first in every
     * query's text), then the query's own, in a list the caller may add to.
     */
    public List<Object> parametersThen(List<?> queryParameters) {
        List<Object> all = new ArrayList<>(parameters);
        all.addAll(queryParameters);
        return all;
    }

    /** The alerts as of now (the alert_lifecycle view) computed from these events, as a table expression. */
    public String lifecycle() {
        return this.equals(ALL) ? "alert_lifecycle" : "(" + SqlFiles.alertLifecycle(sql) + ")";
    }

    /** The events in the given {@code org=} partitions only. */
    public static EventSource partitions(Collection<String> orgs) {
        if (orgs.isEmpty()) {
            throw new IllegalArgumentException("at least one org partition is needed");
        }
        return new EventSource("(" + SqlFiles.alertEvents("WHERE f.org IN (" + Filters.placeholders(orgs.size())
                + ")") + ")", List.copyOf(orgs));
    }

    /**
     * Where the events of a filter's alerts are: all of them, or, when it names orgs or repositories and the engine
     * reads the lake's files, the partitions of the orgs their repositories have been in (one small query on the
     * repositories table). Empty when no repository matches: then no alert does.
     */
    public static Optional<EventSource> forFilters(Filters filters, QueryEngine engine, Duration deadline) {
        if (!engine.readsLakeFiles() || !notEmpty(filters.orgs()) && !notEmpty(filters.repos())) {
            return Optional.of(ALL);
        }
        BoundSql st = partitionOrgs(filters);
        List<String> orgs = engine.query(st.sql(), st.parameters(), deadline).stream()
                .map(r -> String.valueOf(r.get("org"))).toList();
        return orgs.isEmpty() ? Optional.empty() : Optional.of(partitions(orgs));
    }

    /** The query listing, as rows of {@code org}, the partitions that hold the events a filter's repositories have. */
    static BoundSql partitionOrgs(Filters filters) {
        Filters.Rendered where = new Filters(filters.orgs(), filters.repos(), null, null, null, null, null, null)
                .render("n.");
        return new BoundSql(SqlFiles.render(SqlFiles.read("queries/partition_orgs.sql"),
                Map.of("filters", where.sql())), where.parameters());
    }

    private static boolean notEmpty(List<String> values) {
        return values != null && !values.isEmpty();
    }
}
