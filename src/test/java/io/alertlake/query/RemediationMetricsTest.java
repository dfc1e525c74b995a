package io.alertlake.query;

import io.alertlake.local.DuckDbEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The remediation scenarios on DuckDB, the engine of local mode. */
class RemediationMetricsTest extends RemediationScenarios {

    private DuckDbEngine engine;

    /** Questions the copy's month rows answered, over all scenarios of this class: some must have been. */
    private static final AtomicInteger FROM_MONTH_ROWS = new AtomicInteger();
    /** Questions asked over all scenarios of this class. */
    private static final AtomicInteger ASKED = new AtomicInteger();

    @Override
    protected List<Map<String, Object>> query(String sql, List<?> parameters) {
        return duckdb().query(sql, parameters, Duration.ofSeconds(30));
    }

    /**
     * Every question twice: as the engine answers it (from the copy's month rows when they cover it) and from the
     * events; both answers must be the same rows.
     */
    @Override
    protected List<Map<String, Object>> remediation(RemediationSql.Question question) {
        List<Map<String, Object>> answered = bothWays(question);
        // and the scenario's lake asked by org and calendar month, up to the question's asOf
        YearMonth first = YearMonth.of(2025, 10);
        List<RemediationSql.Period> months = new ArrayList<>();
        for (YearMonth m = first; start(m) < question.asOfMs(); m = m.plusMonths(1)) {
            months.add(new RemediationSql.Period(m.toString(), start(m), Math.min(start(m.plusMonths(1)),
                    question.asOfMs())));
        }
        EnumSet<RemediationSql.Dimension> byMonth = EnumSet.of(RemediationSql.Dimension.ORG,
                RemediationSql.Dimension.MONTH);
        byMonth.addAll(question.groupBy());
        bothWays(new RemediationSql.Question(question.events(), question.filters(), byMonth, months,
                question.asOfMs(), question.slas()));
        return answered;
    }

    private List<Map<String, Object>> bothWays(RemediationSql.Question question) {
        ASKED.incrementAndGet();
        List<Map<String, Object>> answered = duckdb().remediation(question, Duration.ofSeconds(30));
        if (duckdb().answersFromMonthRows(question)) {
            FROM_MONTH_ROWS.incrementAndGet();
            SameRows.assertSame(super.remediation(question), answered);
        }
        return answered;
    }

    private static long start(YearMonth m) {
        return m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private DuckDbEngine duckdb() {
        if (engine == null) {
            engine = new DuckDbEngine(lake.root(), dir.resolve("work"));
        }
        return engine;
    }

    @AfterAll
    static void someQuestionsWereAnsweredFromMonthRows() {
        // over the whole class (a scenario run on its own may ask none that month rows cover)
        if (ASKED.get() >= 30) {
            assertThat(FROM_MONTH_ROWS.get()).as("questions answered from the copy's month rows of " + ASKED.get())
                    .isGreaterThan(15);
        }
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aQuestionAboutOneOrgOpensNoFindingsFileOfAnotherOrg() {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-11T00:00:00Z");
        lake.alert("octo", "web", 2, "code_scanning", 1).created("2026-01-02T00:00:00Z");
        lake.alert("globex", "shop", 3, "dependabot", 1).created("2026-01-03T00:00:00Z").fixed("2026-01-04T00:00:00Z");
        long asOf = Instant.parse("2026-02-01T00:00:00Z").toEpochMilli();
        Filters octo = orgs("octo");
        List<RemediationSql.Period> all = List.of(new RemediationSql.Period("all", 0, asOf));

        // over the Parquet files, as Athena reads them (local mode answers from its copy of the lake)
        try (DuckDbEngine files = new DuckDbEngine(lake.root(), dir.resolve("files"), DuckDbEngine.Tables.LAKE_FILES)) {
            EventSource scoped = EventSource.forFilters(octo, files, Duration.ofSeconds(30)).orElseThrow();
            String pruned = plan(files, RemediationSql.build(scoped, octo, EnumSet.noneOf(RemediationSql.Dimension.class),
                    all, asOf, RemediationSql.Slas.DEFAULT));
            String whole = plan(files, RemediationSql.build(EventSource.ALL, octo,
                    EnumSet.noneOf(RemediationSql.Dimension.class), all, asOf, RemediationSql.Slas.DEFAULT));

            // DuckDB's profile names the files each scan opened
            assertThat(whole).contains("org=globex/").contains("org=octo/");
            assertThat(pruned).contains("org=octo/").doesNotContain("org=globex/");
        }
    }

    @Test
    void filesWrittenWithAnotherSchemaVersionAreStillRead() throws Exception {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-11T00:00:00Z");
        // the fix as an older version might have written it, without a top-level column of this version
        Path fix;
        try (var files = Files.walk(lake.root().resolve("findings"))) {
            fix = files.filter(p -> p.toString().contains("day=2026-01-11") && p.toString().endsWith(".parquet"))
                    .findFirst().orElseThrow();
        }
        Path rewritten = fix.resolveSibling("rewritten.tmp");
        try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
             Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * EXCLUDE (status_detail) FROM read_parquet('" + fix + "')) TO '" + rewritten
                    + "' (FORMAT parquet)");
        }
        Files.move(rewritten, fix, StandardCopyOption.REPLACE_EXISTING);

        long asOf = Instant.parse("2026-02-01T00:00:00Z").toEpochMilli();
        var st = RemediationSql.build(Filters.NONE, EnumSet.noneOf(RemediationSql.Dimension.class),
                List.of(new RemediationSql.Period("all", 0, asOf)), asOf, RemediationSql.Slas.DEFAULT);
        try (DuckDbEngine files = new DuckDbEngine(lake.root(), dir.resolve("files"), DuckDbEngine.Tables.LAKE_FILES)) {
            for (var rows : List.of(query(st.sql(), st.parameters()),
                    files.query(st.sql(), st.parameters(), Duration.ofSeconds(30)))) {
                assertThat(rows).hasSize(1);
                assertThat(((Number) rows.get(0).get("fixed")).intValue()).isEqualTo(1);
                assertThat(((Number) rows.get(0).get("mttr_seconds")).doubleValue()).isEqualTo(10 * 86_400.0);
            }
        }
    }

    /** The query's profile, with the file names DuckDB prints for every scan. */
    private static String plan(DuckDbEngine engine, BoundSql st) {
        return engine.query("EXPLAIN ANALYZE " + st.sql(), st.parameters(), Duration.ofSeconds(30)).stream()
                .map(r -> String.valueOf(r.get("explain_value"))).collect(Collectors.joining("\n"));
    }
}
