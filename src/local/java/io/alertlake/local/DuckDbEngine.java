package io.alertlake.local;

import io.alertlake.lake.ParquetFiles;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.query.JdbcRows;
import io.alertlake.query.QueryEngine;
import io.alertlake.query.QueryFailedException;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Embedded DuckDB over the lake's Parquet files on disk (the S3 emulator's bucket directory). The tables are
 * {@code read_parquet} views with Hive partitioning; the views of {@code sql/} are created unchanged, with the
 * DuckDB macros that supply the Athena functions DuckDB lacks. Every query is a prepared statement.
 */
public class DuckDbEngine implements QueryEngine, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DuckDbEngine.class);

    private static final String FINDINGS = "findings/*/*/*/*/*.parquet";
    private static final String REPOSITORIES = "repositories/*/*.parquet";
    /** Empty tables in the current schema, in the lake's layout. */
    private static final String EMPTY_FINDINGS = "findings/class=none/org=none/repo=none/day=1970-01-01/empty.parquet";
    private static final String EMPTY_REPOSITORIES = "repositories/day=1970-01-01/empty.parquet";

    private final Path lake;
    private final Path placeholders;
    private final DuckDBConnection connection;
    /** Cancels statements that pass their deadline. */
    private final java.util.concurrent.ScheduledExecutorService deadlines =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "duckdb-deadlines");
                t.setDaemon(true);
                return t;
            });
    private volatile boolean findingsPresent;
    private volatile boolean repositoriesPresent;
    /** Whether files of another schema version made DuckDB reconcile every file's columns by name. */
    private volatile boolean unionByName;

    /**
     * @param lake     the bucket directory holding {@code findings/} and {@code repositories/}
     * @param workDir  where the empty tables in the current schema live
     */
    public DuckDbEngine(Path lake, Path workDir) {
        this.lake = lake;
        this.placeholders = workDir.resolve("empty-tables");
        try {
            // the driver directly: DriverManager does not see drivers of other class loaders (Quarkus' included)
            this.connection = (DuckDBConnection) new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
            try (Statement s = connection.createStatement()) {
                prepareForViews(s);
                // footers of lake files are read once per process, not once per query: files never change in
                // place except when a replay rewrites them, and DuckDB checks their modification time
                s.execute("SET parquet_metadata_cache = true");
            }
            writePlaceholders();
            defineTables();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    /**
     * Prepares a DuckDB session for the views of sql/: the macros supplying the Athena functions DuckDB lacks,
     * and UTC as the session time zone, as in Athena.
     */
    public static void prepareForViews(Statement s) throws SQLException {
        for (String macro : SqlFiles.read("duckdb/macros.sql").split(";")) {
            if (macro.contains("CREATE")) {
                s.execute(macro);
            }
        }
        s.execute("SET TimeZone = 'UTC'");
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline) {
        refreshTablesIfFilesAppeared();
        try {
            return run(sql, parameters, deadline);
        } catch (SQLException e) {
            if (!unionByName && e.getMessage() != null && e.getMessage().contains("schema mismatch")) {
                // a file from another schema version has a top-level column the current schema lacks, or lacks
                // one it has: from now on, reconcile every file's columns by name (slower: reads every footer)
                LOG.infof("lake files of another schema version: DuckDB reads every file's columns by name");
                unionByName = true;
                try {
                    defineTables();
                    return run(sql, parameters, deadline);
                } catch (SQLException again) {
                    e = again;
                }
            }
            LOG.warnf("DuckDB query failed: %s", e.getMessage());
            throw new QueryFailedException("the query engine could not run the query");
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

    /**
     * Creates the table views and the views of sql/ over the lake's files. Each table lists first an empty file
     * written with the current schema, so DuckDB takes the columns from it rather than from whichever file the
     * glob lists first: older files lacking a struct field read it as null, and no query has to open every
     * footer just to learn the columns (unless a top-level column differs: then {@link #unionByName}).
     * Partition values stay text, as in Athena and Trino: an org or repository named {@code 2024} is not a number.
     */
    private synchronized void defineTables() throws SQLException {
        findingsPresent = hasParquet(lake.resolve("findings"));
        repositoriesPresent = hasParquet(lake.resolve("repositories"));
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE OR REPLACE VIEW findings AS SELECT * FROM "
                    + readParquet(FINDINGS, EMPTY_FINDINGS, findingsPresent));
            s.execute("CREATE OR REPLACE VIEW repositories AS SELECT * FROM "
                    + readParquet(REPOSITORIES, EMPTY_REPOSITORIES, repositoriesPresent));
            for (String view : SqlFiles.viewStatements()) {
                s.execute(view);
            }
        }
    }

    private String readParquet(String files, String empty, boolean present) {
        String current = literal(glob(placeholders, empty));
        String list = present ? "[" + current + ", " + literal(glob(lake, files)) + "]" : "[" + current + "]";
        return "read_parquet(" + list + ", hive_partitioning = true, hive_types_autocast = false"
                + (unionByName ? ", union_by_name = true)" : ")");
    }

    private void refreshTablesIfFilesAppeared() {
        if (findingsPresent && repositoriesPresent) {
            return;
        }
        if (hasParquet(lake.resolve("findings")) != findingsPresent
                || hasParquet(lake.resolve("repositories")) != repositoriesPresent) {
            try {
                defineTables();
            } catch (SQLException e) {
                throw new QueryFailedException("the query engine could not read the lake");
            }
        }
    }

    private void writePlaceholders() {
        try {
            Path findings = placeholders.resolve(EMPTY_FINDINGS);
            Path repositories = placeholders.resolve(EMPTY_REPOSITORIES);
            Files.createDirectories(findings.getParent());
            Files.createDirectories(repositories.getParent());
            Files.write(findings, ParquetFiles.write(FindingSchema.finding(), List.of()));
            Files.write(repositories,
                    ParquetFiles.write(FindingSchema.repository(), List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasParquet(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.toString().endsWith(".parquet"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String glob(Path root, String pattern) {
        return root.toAbsolutePath().normalize() + "/" + pattern;
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
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
