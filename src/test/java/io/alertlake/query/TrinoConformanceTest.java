package io.alertlake.query;

import io.alertlake.local.DuckDbEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The views of sql/ are written in the Athena/Trino dialect and run on DuckDB through macros; DuckDB differs from
 * Trino silently in places (docs: versions.md). Every remediation scenario runs here on a real Trino and on
 * DuckDB over the same lake: Trino must give the numbers worked out in the scenario, and both engines the same
 * rows. One Trino serves the whole class (it takes seconds to start); each test gets its own schema.
 */
class TrinoConformanceTest extends RemediationScenarios {

    private static final Path DISTRIBUTION = Path.of(System.getProperty("trino.conformance.server",
            "target/trino-server/trino-server-476"));
    private static final Path WORK = Path.of("target/trino-conformance");
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static TrinoServer trino;

    @RegisterExtension
    static final LogTailOnFailure LOG_TAIL = new LogTailOnFailure();

    private DuckDbEngine duckdb;
    private TrinoEngine trinoEngine;

    @BeforeAll
    static void startTrino() throws Exception {
        assumeFalse(Boolean.getBoolean("trino.conformance.skip"), "Trino was left out of this build (-Dtrino.skip)");
        Path java = TrinoJava.find().orElse(null);
        assumeTrue(java != null, "Trino 476 needs Java " + TrinoJava.REQUIRED + "+ and none was found ("
                + TrinoJava.whereLooked() + "); set TRINO_JAVA_HOME to run the dialect-conformance test");
        if (!Files.isDirectory(DISTRIBUTION.resolve("lib"))) {
            throw new IllegalStateException("no Trino server at " + DISTRIBUTION.toAbsolutePath()
                    + ": ./mvnw process-test-classes unpacks it");
        }
        Path work = WORK.resolve("run-" + ProcessHandle.current().pid());
        Files.createDirectories(work);
        trino = TrinoServer.start(DISTRIBUTION, java, work);
    }

    @AfterAll
    static void stopTrino() {
        if (trino != null) {
            trino.close();
            trino = null;
        }
    }

    @Override
    protected List<Map<String, Object>> query(String sql, List<?> parameters) {
        if (trinoEngine == null) {
            openEngines();
        }
        List<Map<String, Object>> expected = duckdb.query(sql, parameters, Duration.ofSeconds(30));
        List<Map<String, Object>> actual = trinoEngine.query(sql, parameters, Duration.ofSeconds(60));
        SameRows.assertSame(expected, actual);
        return actual;
    }

    /** DuckDB as local mode answers (from its month rows when they cover the question), Trino from the views. */
    @Override
    protected List<Map<String, Object>> remediation(RemediationSql.Question question) {
        if (trinoEngine == null) {
            openEngines();
        }
        List<Map<String, Object>> expected = duckdb.remediation(question, Duration.ofSeconds(30));
        BoundSql st = RemediationSql.build(question);
        List<Map<String, Object>> actual = trinoEngine.query(st.sql(), st.parameters(), Duration.ofSeconds(60));
        SameRows.assertSame(expected, actual);
        return actual;
    }

    @org.junit.jupiter.api.Test
    void theMonthlyViewsMonthsAreUtcWhateverTheClientsTimeZone() throws Exception {
        // fixed at 02:00 UTC on February 1, which is still January 31 in New York; a Trino client's session takes
        // its own time zone unless told otherwise, and the view's months must not follow it
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-10T00:00:00Z").fixed("2026-02-01T02:00:00Z");
        // both engines over the lake, in UTC sessions, as the service opens them
        run(Filters.NONE, EventSource.ALL, java.util.EnumSet.of(RemediationSql.Dimension.MONTH), null, null,
                "2026-03-01T00:00:00Z");
        java.util.Properties newYork = new java.util.Properties();
        newYork.setProperty("user", "alertlake-test");
        newYork.setProperty("timezone", "America/New_York");
        Map<String, Long> fixedByMonth = new java.util.TreeMap<>();
        try (var c = java.sql.DriverManager.getConnection(trino.jdbcUrl("scenario_" + SCHEMAS.get()), newYork);
             var rows = c.createStatement().executeQuery(
                     "SELECT period, sum(fixed) AS fixed FROM remediation_monthly GROUP BY period")) {
            while (rows.next()) {
                fixedByMonth.put(rows.getString("period"), rows.getLong("fixed"));
            }
        }
        assertThat(fixedByMonth).containsEntry("2026-01", 0L).containsEntry("2026-02", 1L);
    }

    @org.junit.jupiter.api.Test
    void partitionsWrittenLaterAreRegisteredInTheBackgroundAndASyncThatFailsFailsNoQuery() throws Exception {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-10T00:00:00Z");
        openEngines();
        // the repositories table gone from the catalog: each sync of that table fails from now on
        java.util.Properties user = new java.util.Properties();
        user.setProperty("user", "alertlake-test");
        try (var c = java.sql.DriverManager.getConnection(trino.jdbcUrl("scenario_" + SCHEMAS.get()), user)) {
            c.createStatement().execute("DROP TABLE repositories");
        }
        trinoEngine.syncPartitionsEvery(Duration.ofMillis(200));
        lake.alert("beta", "web", 2, "dependabot", 1).created("2026-01-11T00:00:00Z");

        String count = "SELECT count(*) AS n FROM findings WHERE org = ?";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(trinoEngine.query(count, List.of("beta"), Duration.ofSeconds(30)))
                        .containsExactly(Map.of("n", 1L)));
        assertThat(trinoEngine.query(count, List.of("octo"), Duration.ofSeconds(30)))
                .containsExactly(Map.of("n", 1L));
    }

    /** Both engines over the lake the scenario built; Trino's tables live in a schema of this test's own. */
    private void openEngines() {
        try {
            // Trino refuses a table over a folder that does not exist; the consumer creates them with the first files
            Files.createDirectories(lake.root().resolve("findings"));
            Files.createDirectories(lake.root().resolve("repositories"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        duckdb = new DuckDbEngine(lake.root(), dir.resolve("work"));
        trinoEngine = new TrinoEngine(trino.jdbcUrl("scenario_" + SCHEMAS.incrementAndGet()), "alertlake-test",
                "local://" + lake.root().toAbsolutePath().toUri().getPath());
        trinoEngine.createTablesAndViews(Duration.ofSeconds(60));
    }

    @AfterEach
    void closeEngines() {
        if (duckdb != null) {
            duckdb.close();
        }
        if (trinoEngine != null) {
            trinoEngine.close();
        }
    }

    /** Prints the end of Trino's log when a test or the startup fails: the query engine's side of the story. */
    static final class LogTailOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
            printTail(context);
            throw throwable;
        }

        @Override
        public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
                throws Throwable {
            printTail(context);
            throw throwable;
        }

        private static void printTail(ExtensionContext context) {
            if (trino != null) {
                System.err.println("--- last lines of " + trino.log() + " (" + context.getDisplayName() + ") ---\n"
                        + trino.logTail(80) + "\n--- end of Trino log ---");
            }
        }
    }
}
