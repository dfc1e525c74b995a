package io.alertlake.local;

import io.alertlake.query.BoundSql;
import io.alertlake.query.JdbcRows;
import io.alertlake.query.QueryEngine;
import io.alertlake.query.QueryFailedException;
import io.alertlake.query.RemediationSql;
import io.alertlake.query.SqlFiles;
import org.duckdb.DuckDBConnection;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Embedded DuckDB over the lake on disk (the S3 emulator's bucket directory): the views of {@code sql/}, created
 * unchanged with the DuckDB macros that supply the Athena functions DuckDB lacks, over the {@code findings} and
 * {@code repositories} tables. Local mode answers from a copy of those tables in a DuckDB database file kept in
 * step with the lake ({@link LakeCopy}), which also keeps each alert's rows per calendar month for remediation
 * questions by month ({@link MonthRowsTable}); {@link Tables#LAKE_FILES} reads the Parquet files at every query
 * instead, as Athena does ({@link LakeFileViews}). Every query is a prepared statement with a deadline.
 */
public class DuckDbEngine implements QueryEngine, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DuckDbEngine.class);

    /** Where the tables' rows come from. */
    public enum Tables {
        /** A copy in {@code <workDir>/lake.duckdb}, updated from the files that changed. */
        COPY,
        /** The lake's Parquet files, read by every query. */
        LAKE_FILES
    }

    private final DuckDBConnection connection;
    /** Held to refresh the tables (write) and to run a statement (read). */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final LakeTables tables;
    /** Cancels statements that pass their deadline. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "duckdb-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** Answers from a copy of the lake kept in {@code workDir}. */
    public DuckDbEngine(Path lake, Path workDir) {
        this(lake, workDir, Tables.COPY);
    }

    /**
     * @param lake     the bucket directory holding {@code findings/} and {@code repositories/}
     * @param workDir  where the copy and the empty tables in the current schema live
     */
    public DuckDbEngine(Path lake, Path workDir, Tables source) {
        this(lake, workDir, source, Clock.systemUTC());
    }

    /** @param clock the current month, up to which the copy keeps each alert's month rows */
    DuckDbEngine(Path lake, Path workDir, Tables source, Clock clock) {
        ParquetReads reads = new ParquetReads(workDir);
        this.tables = source == Tables.COPY ? new LakeCopy(lake, reads, clock) : new LakeFileViews(lake, reads);
        try {
            this.connection = source == Tables.COPY ? open(workDir.resolve("lake.duckdb")) : open(null);
            try (Statement s = connection.createStatement()) {
                prepareForViews(s);
            }
            defineTables();
            tables.refresh(connection, true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    /** A database file, or memory for {@code null}; a file another process holds gives way to a temporary one. */
    private static DuckDBConnection open(Path file) throws SQLException {
        // the driver directly: DriverManager does not see drivers of other class loaders (Quarkus' included)
        var driver = new org.duckdb.DuckDBDriver();
        if (file == null) {
            return (DuckDBConnection) driver.connect("jdbc:duckdb:", new Properties());
        }
        try {
            Files.createDirectories(file.getParent());
            return (DuckDBConnection) driver.connect("jdbc:duckdb:" + file, new Properties());
        } catch (SQLException e) {
            if (e.getMessage() == null || !e.getMessage().contains("lock")) {
                throw e;
            }
            try {
                Path own = Files.createTempDirectory("alertlake-duckdb").resolve("lake.duckdb");
                LOG.warnf("%s is in use by another process; this one keeps its own copy of the lake in %s", file, own);
                return (DuckDBConnection) driver.connect("jdbc:duckdb:" + own, new Properties());
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prepares a DuckDB session for the views of sql/: the macros supplying the Athena functions DuckDB lacks,
     * UTC as the session time zone, as in Athena, and nested loops for joins with a small side (the periods).
     */
    public static void prepareForViews(Statement s) throws SQLException {
        for (String macro : SqlFiles.read("duckdb/macros.sql").split(";")) {
            if (macro.contains("CREATE")) {
                s.execute(macro);
            }
        }
        s.execute("SET TimeZone = 'UTC'");
        // periods are a few rows: comparing each event with each of them beats sorting the events for a range join
        s.execute("SET nested_loop_join_threshold = 1000");
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public boolean readsLakeFiles() {
        return tables instanceof LakeFileViews;
    }

    /** Lake objects written or deleted since the last query (keys relative to the lake root). */
    public void filesChanged(Collection<String> keys) {
        tables.filesChanged(keys);
    }

    @Override
    public List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline) {
        return answer(() -> new BoundSql(sql, new ArrayList<>(parameters)), deadline);
    }

    /** From the copy's month rows when they answer the question ({@link MonthRowsTable}), else from the events. */
    @Override
    public List<Map<String, Object>> remediation(RemediationSql.Question question, Duration deadline) {
        return answer(() -> answersFromMonthRows(question)
                ? RemediationSql.build(question, MonthRowsTable.periodRows(question.filters()))
                : RemediationSql.build(question), deadline);
    }

    /** Whether a remediation question is answered from the copy's month rows, as the copy stands now. */
    public boolean answersFromMonthRows(RemediationSql.Question question) {
        return tables.monthRows().covers(question);
    }

    /** Runs the statement made once the tables are up to date, retrying once over files of another schema. */
    private List<Map<String, Object>> answer(Supplier<BoundSql> statement, Duration deadline) {
        try {
            return runFresh(statement, deadline);
        } catch (SQLException e) {
            if (ParquetReads.schemaMismatch(e) && tables.readByName()) {
                // a file from another schema version has a top-level column the current schema lacks, or lacks
                // one it has: from now on, reconcile every file's columns by name (slower: reads every footer)
                LOG.infof("lake files of another schema version: DuckDB reads every file's columns by name");
                try {
                    lock.writeLock().lock();
                    try {
                        defineTables();
                    } finally {
                        lock.writeLock().unlock();
                    }
                    return runFresh(statement, deadline);
                } catch (SQLException again) {
                    e = again;
                }
            }
            LOG.warnf("DuckDB query failed: %s", e.getMessage());
            throw new QueryFailedException("the query engine could not run the query");
        }
    }

    /**
     * Brings the tables up to date, then makes and runs the statement with no refresh in between: the statement
     * may depend on what the tables hold (the month rows' coverage). Refreshes exclude queries; queries run together.
     */
    private List<Map<String, Object>> runFresh(Supplier<BoundSql> statement, Duration deadline) throws SQLException {
        if (tables.upToDate()) {
            lock.readLock().lock();
        } else {
            lock.writeLock().lock();
            try {
                tables.refresh(connection, false);
                lock.readLock().lock(); // before the write lock goes: no refresh can come in between
            } finally {
                lock.writeLock().unlock();
            }
        }
        try {
            BoundSql st = statement.get();
            return run(st.sql(), st.parameters(), deadline);
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Map<String, Object>> run(String sql, List<?> parameters, Duration deadline) throws SQLException {
        try (Connection c = connection.duplicate(); PreparedStatement ps = c.prepareStatement(sql)) {
            JdbcRows.bind(ps, parameters);
            var cancel = deadlines.schedule(() -> {
                try {
                    ps.cancel();
                } catch (SQLException ignored) {
                    // the statement finished meanwhile
                }
            }, deadline.toMillis(), TimeUnit.MILLISECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                return JdbcRows.read(rs);
            } finally {
                cancel.cancel(false);
            }
        }
    }

    /** The two tables, then the views of sql/ over them. */
    private synchronized void defineTables() throws SQLException {
        tables.define(connection);
        try (Statement s = connection.createStatement()) {
            for (String view : SqlFiles.viewStatements()) {
                s.execute(view);
            }
        }
        tables.viewsDefined(connection);
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing DuckDB", e);
        }
    }
}
