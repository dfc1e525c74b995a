package io.alertlake.query;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trino.jdbc.TrinoDriver;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A self-hosted Trino as a {@link QueryEngine}: external Hive tables over the lake ({@link TrinoTables}) and the
 * views of {@code sql/}, in the catalog and schema of the JDBC URL. Every query is a prepared statement whose
 * values are bound parameters; its deadline is the statement's query timeout, which Trino enforces itself.
 * New partition folders are registered in the background ({@link #syncPartitionsEvery}): a query never waits for
 * the lake to be listed, nor fails because listing it did.
 */
@RegisterForReflection(classNames = {
        // what the driver reads Trino's answers into, with its shaded Jackson (no native-image metadata of its own)
        TrinoEngine.DRIVER + "client.QueryResults", TrinoEngine.DRIVER + "client.StatementStats",
        TrinoEngine.DRIVER + "client.StageStats", TrinoEngine.DRIVER + "client.Column",
        TrinoEngine.DRIVER + "client.ClientTypeSignature", TrinoEngine.DRIVER + "client.ClientTypeSignatureParameter",
        TrinoEngine.DRIVER + "client.ClientTypeSignatureParameter$ClientTypeSignatureParameterDeserializer",
        TrinoEngine.DRIVER + "client.ClientTypeSignatureParameter$ParameterKind",
        TrinoEngine.DRIVER + "client.NamedClientTypeSignature", TrinoEngine.DRIVER + "client.RowFieldName",
        TrinoEngine.DRIVER + "client.QueryError", TrinoEngine.DRIVER + "client.ErrorInfo",
        TrinoEngine.DRIVER + "client.ErrorLocation", TrinoEngine.DRIVER + "client.FailureInfo",
        TrinoEngine.DRIVER + "client.Warning", TrinoEngine.DRIVER + "client.Warning$Code",
        TrinoEngine.DRIVER + "client.ServerInfo", TrinoEngine.DRIVER + "client.NodeVersion",
        TrinoEngine.DRIVER + "client.ClientSelectedRole", TrinoEngine.DRIVER + "client.spooling.DataAttributes",
        TrinoEngine.DRIVER + "client.spooling.EncodedQueryData", TrinoEngine.DRIVER + "client.spooling.Segment",
        TrinoEngine.DRIVER + "client.spooling.InlineSegment", TrinoEngine.DRIVER + "client.spooling.SpooledSegment",
        TrinoEngine.DRIVER + "airlift.units.Duration", TrinoEngine.DRIVER + "airlift.units.DataSize",
        TrinoEngine.DRIVER + "client.auth.external.HttpTokenPoller$TokenPollRepresentation"})
public class TrinoEngine implements QueryEngine, AutoCloseable {

    /** The package the driver's shaded dependencies live in. */
    static final String DRIVER = "io.trino.jdbc.$internal.";

    private static final Logger LOG = Logger.getLogger(TrinoEngine.class);

    // the driver directly: DriverManager does not see drivers of other class loaders (Quarkus' included)
    private final TrinoDriver driver = new TrinoDriver();
    private final String url;
    private final Properties properties = new Properties();
    private final String lakeLocation;
    /** Listing a large lake takes long; a sync gets this much time whatever the queries' deadlines are. */
    static final Duration SYNC_DEADLINE = Duration.ofMinutes(10);

    private final ScheduledExecutorService partitionSync = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("trino-partition-sync").factory());
    private volatile boolean created;

    /**
     * @param url              {@code jdbc:trino://host:port/catalog/schema} of a Hive catalog
     * @param user             the user queries run as
     * @param lakeLocation     the lake root as Trino's file system names it, e.g. {@code s3://bucket/}
     */
    public TrinoEngine(String url, String user, String lakeLocation) {
        this.url = url;
        this.lakeLocation = lakeLocation.endsWith("/") ? lakeLocation : lakeLocation + "/";
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
            created = true;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline) {
        try (Connection c = connect();
             PreparedStatement ps = prepare(c, sql, parameters, deadline);
             ResultSet rs = ps.executeQuery()) {
            return JdbcRows.read(rs);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * From now on, every {@code period} on a thread of its own: registers the partition folders the consumer wrote
     * since, or, while the tables could not be created (Trino down at startup), creates them. A failure is logged
     * and tried again at the next period; queries meanwhile read the partitions registered before.
     */
    public void syncPartitionsEvery(Duration period) {
        partitionSync.scheduleWithFixedDelay(this::refresh, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            if (!created) {
                createTablesAndViews(SYNC_DEADLINE);
                LOG.info("created the tables and views of sql/ in Trino");
                return;
            }
            try (Connection c = connect()) {
                syncPartitions(c, SYNC_DEADLINE);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("%s in Trino failed (tried again in a while; queries read the partitions registered "
                    + "before): %s", created ? "registering new partitions" : "creating the tables and views",
                    e.getMessage());
        }
    }

    /** New partition folders appear as the consumer writes; a Hive table only reads registered ones. */
    private static void syncPartitions(Connection c, Duration deadline) throws SQLException {
        for (TrinoTables.Table table : TrinoTables.TABLES) {
            execute(c, table.syncPartitionsStatement(), List.of(), deadline);
        }
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

    /** Whether its partitions are still refreshed (until it is closed). */
    boolean refreshing() {
        return !partitionSync.isShutdown();
    }

    @Override
    public void close() {
        partitionSync.shutdownNow();
        try {
            driver.close();
        } catch (java.io.IOException e) {
            LOG.debug("closing the Trino driver", e);
        }
    }
}
