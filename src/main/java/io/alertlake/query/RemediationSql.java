package io.alertlake.query;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the remediation query of {@code sql/queries/remediation.sql} from fixed fragments: grouping columns
 * come from an allowlist, filters are fixed conditions, and every value a caller gives (names, filters, asOf) is
 * a bound parameter collected in {@link BoundSql#parameters()} in the order of its {@code ?}.
 * <p>
 * Athena takes {@code ?} in WHERE clauses only (its parameterized-query limits), so the numbers the query needs as
 * columns are written as literals: each period's bounds (epoch ms the service computed from the question's
 * instants) and label ({@code YYYY-MM} or {@code all}, checked by {@link Period}), and the SLAs of the
 * configuration. They are Java {@code long}s and checked labels, never text a caller wrote.
 */
public final class RemediationSql {

    /** Grouping dimensions and the columns they select; the only column names a caller can influence. */
    public enum Dimension {
        ORG("org"), REPO("org, repo"), ALERT_TYPE("alert_type"), SEVERITY("severity"), TOOL("tool"), MONTH(null);

        final String columns;

        Dimension(String columns) {
            this.columns = columns;
        }
    }

    /** The SLA of each severity; null: alerts of that severity have none. */
    public record Slas(Duration critical, Duration high, Duration medium, Duration low, Duration none) {
        /** metrics.md's: 7, 30, 90 and 180 days; severity none has no SLA. */
        public static final Slas DEFAULT = new Slas(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90),
                Duration.ofDays(180), null);
    }

    /** A period: its label (YYYY-MM or "all") and [start, end) in epoch ms. */
    public record Period(String label, long startMs, long endMs) {
        /** What a label may hold: it is written into the query as a literal. */
        private static final java.util.regex.Pattern LABEL =
                java.util.regex.Pattern.compile("all|[+-]?[0-9]{4,9}-[0-9]{2}");

        public Period {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("a period's label is a month (YYYY-MM) or all, not " + label);
            }
        }
    }

    /**
     * A remediation question: the alerts a filter selects, from the events of {@code events}, grouped by
     * {@code groupBy}, counted over {@code periods}, as they stood at {@code asOfMs}, judged against {@code slas}.
     */
    public record Question(EventSource events, Filters filters, Set<Dimension> groupBy, List<Period> periods,
                           long asOfMs, Slas slas) {
        public Question {
            if (periods.isEmpty()) {
                throw new IllegalArgumentException("at least one period is needed");
            }
            periods = List.copyOf(periods);
            groupBy = groupBy.isEmpty() ? EnumSet.noneOf(Dimension.class) : EnumSet.copyOf(groupBy);
        }
    }

    private RemediationSql() {
    }

    public static BoundSql build(Filters filters, Set<Dimension> groupBy, List<Period> periods, long asOfMs,
                                  Slas slas) {
        return build(new Question(EventSource.ALL, filters, groupBy, periods, asOfMs, slas));
    }

    /** The remediation query reading its events from {@code events} (for org-scoped questions: fewer partitions). */
    public static BoundSql build(EventSource events, Filters filters, Set<Dimension> groupBy, List<Period> periods,
                                  long asOfMs, Slas slas) {
        return build(new Question(events, filters, groupBy, periods, asOfMs, slas));
    }

    /** The remediation query, its period rows computed from the question's events ({@code queries/period_rows.sql}). */
    public static BoundSql build(Question q) {
        return build(q, periodRows(q.events(), q.filters(), q.asOfMs()));
    }

    /**
     * The remediation query over other period rows: {@code periodRows} is a query with the columns of
     * {@code queries/period_rows.sql} that reads the question's periods from the CTE {@code periods}.
     */
    public static BoundSql build(Question q, BoundSql periodRows) {
        // the only parameters are the period rows' (asOf, filters): periods and SLAs are literals
        return new BoundSql(remediationSql(periods(q.periods()), periodRows.sql(), dimensions(q.groupBy()), q.slas()),
                periodRows.parameters());
    }

    private static String remediationSql(String periods, String periodRows, String dimensions, Slas slas) {
        return SqlFiles.render(SqlFiles.read("queries/remediation.sql"), Map.of(
                "periods", periods, "period_rows", periodRows,
                "dimensions", dimensions, "order", order(dimensions),
                "sla_critical", seconds(slas.critical()), "sla_high", seconds(slas.high()),
                "sla_medium", seconds(slas.medium()), "sla_low", seconds(slas.low()), "sla_none", seconds(slas.none())));
    }

    /** The periods as rows of (period, ps, pe), literals (see the class comment). */
    public static String periods(List<Period> periods) {
        StringBuilder values = new StringBuilder("SELECT * FROM (VALUES ");
        for (int i = 0; i < periods.size(); i++) {
            Period p = periods.get(i);
            values.append(i == 0 ? "" : ", ").append("(CAST('").append(p.label()).append("' AS varchar), CAST(")
                    .append(p.startMs()).append(" AS bigint), CAST(").append(p.endMs()).append(" AS bigint))");
        }
        values.append(") AS p (period, ps, pe)");
        return values.toString();
    }

    /**
     * What each alert a filter selects says about each period of the CTE {@code periods}, as of asOf
     * ({@code queries/period_rows.sql}).
     */
    public static BoundSql periodRows(EventSource events, Filters filters, long asOfMs) {
        BoundSql rows = alertRows(events, filters, asOfMs);
        return new BoundSql(periodRowsSql(rows.sql()), rows.parameters());
    }

    private static String periodRowsSql(String alertRows) {
        return SqlFiles.render(SqlFiles.read("queries/period_rows.sql"), Map.of("alert_rows", alertRows));
    }

    /**
     * Each event before asOf of the counted alerts a filter selects, with the alert as of asOf
     * ({@code queries/alert_rows.sql}): what the remediation query and its first-month lookup read.
     */
    public static BoundSql alertRows(EventSource events, Filters filters, long asOfMs) {
        // parameters in text order: the event source's and asOf, twice (alerts whose events all came before
        // asOf, alerts with later events), asOf once more, filters
        List<Object> params = events.parametersThen(List.of(asOfMs));
        params.addAll(events.parametersThen(List.of(asOfMs, asOfMs)));
        Filters.Rendered where = filters.render("s.");
        params.addAll(where.parameters());
        return new BoundSql(alertRowsSql(events, "CAST(? AS bigint)", where.sql()), params);
    }

    private static String alertRowsSql(EventSource events, String asOfMs, String filters) {
        return SqlFiles.render(SqlFiles.read("queries/alert_rows.sql"), Map.of(
                "events", events.sql(), "as_of", asOfMs, "filters", filters));
    }

    private static final String ALL_DIMENSIONS = "org, repo, alert_type, severity, tool,";

    /** The remediation_monthly view: every dimension, the data's months, default SLAs, as of now. */
    static String monthlyView() {
        return remediationSql(SqlFiles.read("queries/months.sql"),
                periodRowsSql(alertRowsSql(EventSource.ALL, SqlFiles.NOW_MS, "")), ALL_DIMENSIONS, Slas.DEFAULT);
    }

    /** An SLA in seconds as a SQL literal (a double: ages and durations are compared as doubles). */
    private static String seconds(Duration sla) {
        return sla == null ? "CAST(NULL AS double)" : "CAST(" + sla.toSeconds() + " AS double)";
    }

    /** The rows' order: the grouping columns, severities by rank (critical first), not by name. */
    private static String order(String dimensions) {
        return dimensions.replace("severity,", "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 "
                + "WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END,");
    }

    private static String dimensions(Set<Dimension> groupBy) {
        StringBuilder sb = new StringBuilder();
        for (Dimension d : Dimension.values()) { // enum order: a stable column order whatever the caller's order
            if (groupBy.contains(d) && d.columns != null) {
                if (d == Dimension.REPO && groupBy.contains(Dimension.ORG)) {
                    sb.append("repo, ");
                } else {
                    sb.append(d.columns).append(", ");
                }
            }
        }
        return sb.toString();
    }
}
