package io.alertlake.query;

import io.trino.jdbc.TrinoDriver;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A self-hosted Trino as a {@link QueryEngine}: external Hive tables over the lake ({@link TrinoTables}) and the
 * views of {@code sql/}, in the catalog and schema of the JDBC URL. Every query is a prepared statement whose
 * values are bound parameters; its deadline is the statement's query timeout, which Trino enforces itself.
 */
public class TrinoEngine implements QueryEngine, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TrinoEngine.class);

    // the driver directly: DriverManager does not see drivers of other class loaders (Quarkus' included)
    private final TrinoDriver driver = new TrinoDriver();
    private final String url;
    private final Properties properties = new Properties();
    private final String lakeLocation;
    private final Duration partitionRefresh;
    private Instant partitionsSyncedAt = Instant.MIN;

    /**
     * @param url              {@code jdbc:trino://host:port/catalog/schema} of a Hive catalog
     * @param user             the user queries run as
     * @param lakeLocation     the lake root as Trino's file system names it, e.g. {@code s3://bucket/}
     * @param partitionRefresh how long the registered partitions are trusted before the lake is listed again
     */
    public TrinoEngine(String url, String user, String lakeLocation, Duration partitionRefresh) {
        this.url = url;
        this.lakeLocation = lakeLocation.endsWith("/") ? lakeLocation : lakeLocation + "/";
        this.partitionRefresh = partitionRefresh;
        properties.setProperty("user", user);
        properties.setProperty("source", "alertlake");
        // months and days of the metrics are UTC (docs/metrics.md); date_trunc and from_unixtime follow the session
        properties.setProperty("timezone", "UTC");
    }

    @Override
    public String name() {
        return "trino";
    }

    /** Creates the schema, the tables over the lake and the views of sql/; running it again changes nothing. */
    public void createTablesAndViews(Duration deadline) {
        try (Connection c = connect()) {
            try (Statement s = c.createStatement()) {
                // the schema comes from the configured URL; an identifier cannot be a bound parameter
                s.execute("CREATE SCHEMA IF NOT EXISTS " + identifier(c.getSchema()));
            }
            for (TrinoTables.Table table : TrinoTables.TABLES) {
                execute(c, table.createStatement(), List.of(lakeLocation + table.folder()), deadline);
            }
            syncPartitions(c, deadline);
            for (String view : SqlFiles.viewStatements()) {
                execute(c, view, List.of(), deadline);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline) {
        try (Connection c = connect()) {
            syncPartitionsIfDue(c, deadline);
            try (PreparedStatement ps = prepare(c, sql, parameters, deadline); ResultSet rs = ps.executeQuery()) {
                return JdbcRows.read(rs);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private synchronized void syncPartitionsIfDue(Connection c, Duration deadline) throws SQLException {
        if (Instant.now().isBefore(partitionsSyncedAt.plus(partitionRefresh))) {
            return;
        }
        syncPartitions(c, deadline);
    }

    /** New partition folders appear as the consumer writes; a Hive table only reads registered ones. */
    private synchronized void syncPartitions(Connection c, Duration deadline) throws SQLException {
        for (TrinoTables.Table table : TrinoTables.TABLES) {
            execute(c, table.syncPartitionsStatement(), List.of(), deadline);
        }
        partitionsSyncedAt = Instant.now();
    }

    private static void execute(Connection c, String sql, List<?> parameters, Duration deadline) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, parameters, deadline)) {
            ps.execute();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<?> parameters, Duration deadline)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        JdbcRows.bind(ps, parameters);
        // whole seconds only: a deadline below one second still gets one
        ps.setQueryTimeout((int) Math.max(1, Math.ceilDiv(deadline.toMillis(), 1000)));
        return ps;
    }

    private Connection connect() throws SQLException {
        return driver.connect(url, properties);
    }

    private QueryFailedException failed(SQLException e) {
        // Trino's message can quote the SQL; it is logged for operators, never returned to callers
        LOG.warnf("Trino query failed: %s", e.getMessage());
        String message = String.valueOf(e.getMessage());
        if (message.contains("exceeded maximum time limit")) {
            return new QueryFailedException("the query took longer than its deadline and was cancelled (Trino)");
        }
        return new QueryFailedException("the query engine could not run the query (Trino)");
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        try {
            driver.close();
        } catch (java.io.IOException e) {
            LOG.debug("closing the Trino driver", e);
        }
    }
}
