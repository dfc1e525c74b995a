package io.alertlake.local;

import io.alertlake.query.BoundSql;
import io.alertlake.query.EventSource;
import io.alertlake.query.Filters;
import io.alertlake.query.JdbcRows;
import io.alertlake.query.RemediationSql;
import io.alertlake.query.SqlFiles;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What each alert says about each calendar month — the rows of {@code queries/period_rows.sql} for the months, as
 * the alert's latest event left it — kept in a table of the lake copy. A remediation question by month then
 * aggregates these rows instead of pairing every event with every month again (60 % of its time at 10M
 * events).
 * <p>
 * The rows hold for a question whose months all start on the first of a month no later than the table's last
 * month and end at the month's end or after every event, asked as of an instant after every event: then no event
 * falls between a month's end and where the question ends it, so the rows are those the question's own periods
 * would give (only an open alert's age depends on the end, and the remediation query computes it from the
 * question's end). Any other question is answered from the events ({@link Coverage#covers}).
 * <p>
 * A row follows from its alert's events alone, so when findings files change, the rows of the alerts they hold are
 * computed again, like those of {@link EventStatesTable}. Names are joined when a question is asked: a renamed
 * repository changes no row. Open alerts have a row in every month up to the table's last month, the current one;
 * when the clock enters a new month, the table is made again.
 */
final class MonthRowsTable {

    static final String TABLE = "lake_alert_months";
    /** How long after a failed change the table is not made again: making it reads every alert's events. */
    static final Duration RETRY = Duration.ofMinutes(10);
    private static final String META = "lake_alert_months_sql";
    /** The columns kept: the period rows' own, but names (joined when asked) and the period's label and end. */
    private static final String COLUMNS = "alert_key, repository_id, alert_type, severity, tool, state, created_ms, "
            + "ps, opened, closed, close_kind, close_fp, reopened_after_close, reopened, open_at_end_flag, ttr_seconds";

    private final Clock clock;
    /** Of the SQL the rows come from: their own, and the views they read (the event states among them). */
    private final String fingerprint = Integer.toHexString((rowsSql("alert_events", List.of()).sql()
            + String.join(";", SqlFiles.viewStatements())).hashCode());
    private volatile Coverage coverage = Coverage.NONE;
    /** When a change of the table failed, not made again before this. */
    private volatile Instant retryAt = Instant.MIN;

    MonthRowsTable(Clock clock) {
        this.clock = clock;
    }

    /**
     * Which questions the table answers: periods starting at a month's first instant no later than
     * {@code lastMonthMs}, each ending at its month's end or after {@code latestMs} (the latest event or creation
     * time of any alert), asked as of an instant after {@code latestMs}.
     */
    record Coverage(long lastMonthMs, long latestMs) {

        static final Coverage NONE = new Coverage(Long.MIN_VALUE, Long.MAX_VALUE);

        boolean covers(RemediationSql.Question q) {
            if (!q.events().equals(EventSource.ALL) || q.asOfMs() <= latestMs) {
                return false;
            }
            for (RemediationSql.Period p : q.periods()) {
                YearMonth month = YearMonth.from(Instant.ofEpochMilli(p.startMs()).atZone(ZoneOffset.UTC));
                long monthEnd = start(month.plusMonths(1));
                if (p.startMs() != start(month) || p.startMs() > lastMonthMs || p.endMs() > monthEnd
                        || p.endMs() != monthEnd && p.endMs() <= latestMs) {
                    return false;
                }
            }
            return true;
        }
    }

    Coverage coverage() {
        return coverage;
    }

    /**
     * The period rows of a question the table covers, read from the table with the names of today and the
     * question's filters: SQL reading the CTE {@code periods}, as {@link RemediationSql#build(RemediationSql.Question,
     * BoundSql)} takes it.
     */
    static BoundSql periodRows(Filters filters) {
        Filters.Rendered where = filters.render("s.");
        return new BoundSql("SELECT s.*, p.period, p.pe FROM (SELECT t.*, n.org, n.repo FROM " + TABLE + " t"
                + " JOIN repository_names n ON n.repository_id = t.repository_id) s"
                + " JOIN periods p ON p.ps = s.ps WHERE true" + where.sql(), where.parameters());
    }

    /** Reads what an existing table covers; one missing or made by other SQL is then due to be made again. */
    void define(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + META + " (fingerprint VARCHAR, last_month_ms BIGINT)");
        }
        reload(c);
    }

    /** Reads what the table covers from the table itself: nothing when it is missing or made by other SQL. */
    private void reload(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            String existing = null;
            long lastMonth = Long.MIN_VALUE;
            try (ResultSet rs = s.executeQuery("SELECT fingerprint, last_month_ms FROM " + META)) {
                if (rs.next()) {
                    existing = rs.getString(1);
                    lastMonth = rs.getLong(2);
                }
            }
            coverage = fingerprint.equals(existing) && exists(s) ? new Coverage(lastMonth, latest(s)) : Coverage.NONE;
        }
    }

    /**
     * Answers nothing from the table until it is made again, {@link #RETRY} from now at the earliest: a change of
     * it failed, and what it holds is not known.
     */
    void forget() {
        coverage = Coverage.NONE;
        retryAt = clock.instant().plus(RETRY);
    }

    /** Drops the table: the copy it was made from is being made again. */
    static void drop(Statement s) throws SQLException {
        s.execute("DROP TABLE IF EXISTS " + TABLE);
        s.execute("DROP TABLE IF EXISTS " + META);
    }

    /**
     * Computes the rows of the alerts in {@code touchedTable} again: all rows when {@code everything} is set (most
     * alerts changed) or the table is due to be made again.
     */
    void update(Connection c, String touchedTable, boolean everything) throws SQLException {
        if (coverage.equals(Coverage.NONE) && !rebuildDue()) {
            return; // forgotten after a failure: made again, whole, when the retry is due
        }
        if (everything || rebuildDue()) {
            rebuild(c);
            return;
        }
        try (Statement s = c.createStatement()) {
            String touched = "(SELECT * FROM alert_events WHERE alert_key IN (SELECT alert_key FROM " + touchedTable + "))";
            s.execute("DELETE FROM " + TABLE + " WHERE alert_key IN (SELECT alert_key FROM " + touchedTable + ")");
            insert(c, "INSERT INTO " + TABLE + " BY NAME ", touched, coverage.lastMonthMs());
            coverage = new Coverage(coverage.lastMonthMs(), latest(s));
        }
    }

    /**
     * Whether the table is to be made again: it is missing or was made by other SQL, or the clock has entered a
     * month after its last; not before the retry after a failure is due.
     */
    boolean rebuildDue() {
        return coverage.lastMonthMs() < start(currentMonth()) && !clock.instant().isBefore(retryAt);
    }

    /** Makes the table again from every alert, its months ending with the current one. */
    void rebuild(Connection c) throws SQLException {
        long lastMonth = start(currentMonth());
        insert(c, "CREATE OR REPLACE TABLE " + TABLE + " AS ", "alert_events", lastMonth);
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + META);
            s.execute("INSERT INTO " + META + " VALUES ('" + fingerprint + "', " + lastMonth + ")");
            coverage = new Coverage(lastMonth, latest(s));
        }
    }

    /**
     * The rows of the alerts of {@code events} for the months from their first one to {@code lastMonthMs}, after
     * {@code head} (an INSERT, or a CREATE TABLE … AS: of the right shape even with no months).
     */
    private void insert(Connection c, String head, String events, long lastMonthMs) throws SQLException {
        Long first = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT min(least(event_ms, coalesce(created_ms, event_ms))) FROM " + events + " e")) {
            if (rs.next()) {
                long v = rs.getLong(1);
                first = rs.wasNull() ? null : v;
            }
        }
        List<RemediationSql.Period> months = new ArrayList<>();
        if (first != null) {
            YearMonth m = YearMonth.from(Instant.ofEpochMilli(first).atZone(ZoneOffset.UTC));
            for (; start(m) <= lastMonthMs; m = m.plusMonths(1)) {
                months.add(new RemediationSql.Period(m.toString(), start(m), start(m.plusMonths(1))));
            }
        }
        BoundSql rows = rowsSql(events, months);
        try (PreparedStatement ps = c.prepareStatement(head + rows.sql())) {
            JdbcRows.bind(ps, rows.parameters());
            ps.execute();
        }
    }

    /**
     * The kept columns of the period rows of the alerts of {@code events} as their latest events left them, for
     * {@code months} (none: an empty table of the right shape), rows saying nothing about their month left out.
     */
    private static BoundSql rowsSql(String events, List<RemediationSql.Period> months) {
        String periods = months.isEmpty()
                ? "SELECT CAST(NULL AS varchar) AS period, CAST(0 AS bigint) AS ps, CAST(0 AS bigint) AS pe WHERE false"
                : RemediationSql.periods(months);
        BoundSql rows = RemediationSql.periodRows(new EventSource(events, List.of()), Filters.NONE, Long.MAX_VALUE);
        return new BoundSql("SELECT " + COLUMNS + " FROM (WITH periods AS (" + periods + ") SELECT * FROM ("
                + rows.sql() + ") x) r WHERE r.opened + r.closed + r.reopened + r.open_at_end_flag > 0",
                rows.parameters());
    }

    private YearMonth currentMonth() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }

    private static long start(YearMonth m) {
        return m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** The latest event or creation time of any alert: a question asked as of a later instant can use the table. */
    private static long latest(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT max(greatest(latest_event_ms, latest_created_ms)) FROM "
                + EventStatesTable.TABLE)) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? Long.MIN_VALUE : v;
        }
    }

    private static boolean exists(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name = '" + TABLE + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
