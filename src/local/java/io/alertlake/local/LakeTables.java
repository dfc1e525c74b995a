package io.alertlake.local;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/** How the lake's {@code findings} and {@code repositories} tables reach DuckDB, under those two names. */
interface LakeTables {

    /** Creates the two tables (or views), before the views of {@code sql/} are created over them. */
    void define(Connection c) throws SQLException;

    /** After the views of {@code sql/} are created: views this source keeps as tables take their place. */
    default void viewsDefined(Connection c) throws SQLException {
    }

    /** Brings the tables up to date with the lake's files; {@code everyFile} looks at all of them. */
    void refresh(Connection c, boolean everyFile) throws SQLException;

    /** A query failed on files of another schema version: read by column names; false when nothing would change. */
    boolean readByName();

    /** Whether {@link #refresh} (not of every file) would change nothing now. */
    boolean upToDate();

    /** Which remediation questions the kept month rows answer ({@link MonthRowsTable}): none unless kept. */
    default MonthRowsTable.Coverage monthRows() {
        return MonthRowsTable.Coverage.NONE;
    }

    /** Lake objects written or deleted since the last refresh (keys relative to the lake root). */
    void filesChanged(Collection<String> keys);
}
