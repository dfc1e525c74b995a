package io.alertlake.local;

import io.alertlake.query.SqlFiles;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The rows of the {@code alert_event_states} view kept in a table of the lake copy, so that a question does not
 * remove duplicates and order every alert's events again: those window functions were half of a whole-lake
 * remediation query's time. A row follows from its alert's events alone, so when findings files are loaded or
 * dropped, the rows of the alerts those files hold are computed again by the view's own SQL over just those
 * alerts; everything else stays. The view then reads the table. A table made from another version of the view's
 * SQL is made again.
 */
final class EventStatesTable {

    static final String TABLE = "lake_alert_event_states";
    /** The alerts of the findings rows loaded or dropped in the current transaction. */
    static final String TOUCHED = "lake_touched_alerts";

    private final String fingerprint = Integer.toHexString(SqlFiles.alertEventStates("").hashCode());

    /** Creates or re-creates the table for the current SQL, and points the view at it. */
    void define(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS lake_event_states_sql (fingerprint VARCHAR)");
        String existing = null;
        try (ResultSet rs = s.executeQuery("SELECT max(fingerprint) FROM lake_event_states_sql")) {
            if (rs.next()) {
                existing = rs.getString(1);
            }
        }
        if (!fingerprint.equals(existing) || !exists(s)) {
            s.execute("CREATE OR REPLACE TABLE " + TABLE + " AS " + SqlFiles.alertEventStates(""));
            s.execute("DELETE FROM lake_event_states_sql");
            s.execute("INSERT INTO lake_event_states_sql VALUES ('" + fingerprint + "')");
        }
        s.execute("CREATE OR REPLACE VIEW alert_event_states AS SELECT * FROM " + TABLE);
    }

    /** Drops the table: the copy it was made from is being made again. */
    static void drop(Statement s) throws SQLException {
        s.execute("DROP TABLE IF EXISTS " + TABLE);
        s.execute("DROP TABLE IF EXISTS lake_event_states_sql");
    }

    /** Starts a change: no alert touched yet. */
    void begin(Statement s) throws SQLException {
        s.execute("CREATE OR REPLACE TEMP TABLE " + TOUCHED + " (alert_key VARCHAR)");
    }

    /** The alerts of the copied findings rows whose {@code source_file} is in {@code pathsTable}. */
    void touch(Statement s, String pathsTable) throws SQLException {
        s.execute("INSERT INTO " + TOUCHED + " SELECT DISTINCT finding_info.uid FROM lake_findings"
                + " WHERE source_file IN (SELECT path FROM " + pathsTable + ")");
    }

    /** How much of the table an update computed again. */
    enum Recomputed { NOTHING, TOUCHED_ALERTS, EVERY_ALERT }

    /**
     * Computes the touched alerts' rows again: all rows when most alerts were touched (a first copy). The touched
     * alerts stay listed for the tables made from these rows, until {@link #end}.
     */
    Recomputed update(Statement s) throws SQLException {
        long touched = count(s, "SELECT count(DISTINCT alert_key) FROM " + TOUCHED);
        if (touched == 0) {
            return Recomputed.NOTHING;
        }
        if (touched * 4 >= count(s, "SELECT count(*) FROM " + TABLE)) {
            s.execute("DELETE FROM " + TABLE);
            s.execute("INSERT INTO " + TABLE + " BY NAME " + SqlFiles.alertEventStates(""));
            return Recomputed.EVERY_ALERT;
        }
        s.execute("DELETE FROM " + TABLE + " WHERE alert_key IN (SELECT alert_key FROM " + TOUCHED + ")");
        s.execute("INSERT INTO " + TABLE + " BY NAME " + SqlFiles.alertEventStates(
                "WHERE f.finding_info.uid IN (SELECT alert_key FROM " + TOUCHED + ")"));
        return Recomputed.TOUCHED_ALERTS;
    }

    /** Ends a change: the touched alerts are forgotten. */
    void end(Statement s) throws SQLException {
        s.execute("DROP TABLE " + TOUCHED);
    }

    private static boolean exists(Statement s) throws SQLException {
        return count(s, "SELECT count(*) FROM duckdb_tables() WHERE table_name = '" + TABLE + "'") > 0;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
