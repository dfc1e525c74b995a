package io.alertlake.query;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the views of {@code sql/} on one engine: DuckDB locally, Athena in AWS, Trino self-hosted. Values are
 * always bound parameters ({@code ?} in order, in WHERE clauses only, as Athena requires); the SQL text comes from
 * {@code sql/}, fixed fragments and numbers the service computed ({@link RemediationSql}).
 */
public interface QueryEngine {

    /** Rows as column name to value (Integer, Long, Double, String, Boolean, or null). */
    List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline);

    /**
     * The remediation query of a question ({@link RemediationSql#build(RemediationSql.Question)}); an engine that
     * keeps what the query computes from the events may answer from that instead, with the same rows.
     */
    default List<Map<String, Object>> remediation(RemediationSql.Question question, Duration deadline) {
        BoundSql st = RemediationSql.build(question);
        return query(st.sql(), st.parameters(), deadline);
    }

    /** A short name for logs and errors: {@code duckdb}, {@code athena}, {@code trino}. */
    String name();

    /**
     * Whether queries read the lake's files, so that a question about some orgs is cheaper over their
     * {@code org=} partitions only ({@link EventSource#forFilters}); false for an engine that keeps the lake's rows
     * in its own storage, where the views' kept tables answer every question.
     */
    default boolean readsLakeFiles() {
        return true;
    }
}
