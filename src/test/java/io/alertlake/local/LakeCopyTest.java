package io.alertlake.local;

import io.alertlake.testing.MutableClock;
import io.alertlake.query.BoundSql;
import io.alertlake.query.EventSource;
import io.alertlake.query.Filters;
import io.alertlake.query.RemediationSql;
import io.alertlake.query.SameRows;
import io.alertlake.query.TestLake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode answers from a copy of the lake in a DuckDB database file: the copy follows the files the consumer
 * and replays report, survives a restart without copying everything again, and never holds a row twice.
 */
class LakeCopyTest {

    @TempDir
    Path dir;

    private Path lakeDir() {
        return dir.resolve("lake");
    }

    private Path work() {
        return dir.resolve("work");
    }

    @Test
    void filesReportedAfterStartupAreAnsweredFromTheNextQuery() throws Exception {
        TestLake lake = new TestLake(lakeDir());
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z");
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work())) {
            assertThat(states(engine)).containsExactly("octo/api/dependabot/1 open");

            Set<String> before = keys();
            lake.alert("octo", "api", 1, "dependabot", 1).fixed("2026-01-05T00:00:00Z");
            lake.alert("octo", "web", 2, "dependabot", 4).created("2026-01-06T00:00:00Z");
            Set<String> written = new HashSet<>(keys());
            written.removeAll(before);
            engine.filesChanged(written);

            assertThat(states(engine)).containsExactly("octo/api/dependabot/1 fixed", "octo/web/dependabot/4 open");
        }
    }

    @Test
    void aDeletedFileTakesItsRowsAlongAndARewrittenFileReplacesThem() throws Exception {
        TestLake lake = new TestLake(lakeDir());
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z");
        Set<String> first = keys();
        lake.alert("octo", "api", 1, "dependabot", 1).fixed("2026-01-05T00:00:00Z");
        String fix = keys().stream().filter(k -> !first.contains(k) && k.startsWith("findings/")).findFirst().orElseThrow();
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work())) {
            assertThat(states(engine)).containsExactly("octo/api/dependabot/1 fixed");

            // a replay rewrites a file in place: its rows are replaced, not added to
            Path file = lakeDir().resolve(fix);
            byte[] same = Files.readAllBytes(file);
            Files.write(file, same);
            engine.filesChanged(List.of(fix));
            assertThat(engine.query("SELECT count(*) AS n FROM findings", List.of(), Duration.ofSeconds(30)))
                    .containsExactly(java.util.Map.of("n", 2L));

            Files.delete(file);
            engine.filesChanged(List.of(fix));
            assertThat(states(engine)).containsExactly("octo/api/dependabot/1 open");
        }
    }

    @Test
    void aRestartCopiesWhatChangedWhileTheServiceWasDownAndNothingTwice() throws Exception {
        TestLake lake = new TestLake(lakeDir());
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z");
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work())) {
            assertThat(states(engine)).containsExactly("octo/api/dependabot/1 open");
        }
        lake.alert("octo", "api", 1, "dependabot", 1).fixed("2026-01-05T00:00:00Z");
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work())) {
            assertThat(states(engine)).containsExactly("octo/api/dependabot/1 fixed");
            assertThat(engine.query("SELECT count(*) AS n FROM findings", List.of(), Duration.ofSeconds(30)))
                    .containsExactly(java.util.Map.of("n", 2L));
        }
        assertThat(Files.exists(work().resolve("lake.duckdb"))).isTrue();
    }

    @Test
    void aCopyMadeByAnotherVersionIsMadeAgain() throws Exception {
        // as an older version would have left it: another fingerprint, and rows this version would not have copied
        copyOfOneAlertChangedBy("UPDATE lake_copy SET fingerprint = '0:older'",
                "INSERT INTO lake_findings SELECT * FROM lake_findings");
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work())) {
            assertThat(engine.query("SELECT count(*) AS n FROM findings", List.of(), Duration.ofSeconds(30)))
                    .containsExactly(java.util.Map.of("n", 1L));
        }
    }

    @Test
    void theAlertEventStatesKeptInATableEqualTheViewComputedAfreshAfterEveryChange() throws Exception {
        TestLake lake = new TestLake(lakeDir());
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-05T00:00:00Z");
        lake.alert("octo", "api", 1, "code_scanning", 7).created("2026-01-02T00:00:00Z");
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work())) {
            assertThat(rowsDifferingFromTheView(engine)).isZero();

            // a reopen, a redelivery and a new alert arrive: only their alerts' rows are computed again
            Set<String> before = keys();
            lake.alert("octo", "api", 1, "dependabot", 1).reopened("2026-01-09T00:00:00Z").duplicateOfLast();
            lake.alert("octo", "web", 2, "secret_scanning", 3).created("2026-01-03T00:00:00Z");
            Set<String> written = new HashSet<>(keys());
            written.removeAll(before);
            engine.filesChanged(written);
            assertThat(reopenCount(engine, "octo/api/dependabot/1")).isEqualTo(1L);
            assertThat(rowsDifferingFromTheView(engine)).isZero();

            // an event that arrived late, but happened first, changes the order of the alert's earlier rows
            before = keys();
            lake.alert("octo", "api", 1, "code_scanning", 7).fixed("2026-01-01T12:00:00Z");
            written = new HashSet<>(keys());
            written.removeAll(before);
            engine.filesChanged(written);
            assertThat(rowsDifferingFromTheView(engine)).isZero();

            // a deleted file takes its alerts' rows back to what the other files say
            String lateFix = written.stream().filter(k -> k.startsWith("findings/")).findFirst().orElseThrow();
            Files.delete(lakeDir().resolve(lateFix));
            engine.filesChanged(List.of(lateFix));
            assertThat(rowsDifferingFromTheView(engine)).isZero();
            assertThat(engine.query("SELECT count(*) AS n FROM alert_event_states", List.of(), Duration.ofSeconds(30)))
                    .containsExactly(java.util.Map.of("n", 5L));
        }
    }

    @Test
    void remediationByMonthFromTheKeptMonthRowsEqualsTheAnswerFromTheEventsAfterEveryChange() throws Exception {
        TestLake lake = new TestLake(lakeDir());
        lake.alert("octo", "api", 1, "dependabot", 1).severity("high").created("2026-01-01T00:00:00Z")
                .fixed("2026-01-05T00:00:00Z");
        lake.alert("octo", "api", 1, "code_scanning", 7).created("2025-12-20T00:00:00Z");
        MutableClock clock = new MutableClock(Instant.parse("2026-04-10T00:00:00Z"));
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work(), DuckDbEngine.Tables.COPY, clock)) {
            assertSameAnswerBothWays(engine, clock);

            // a reopen, a redelivery, a new alert, and an alert created long before it was first seen
            Set<String> before = keys();
            lake.alert("octo", "api", 1, "dependabot", 1).reopened("2026-02-09T00:00:00Z").duplicateOfLast();
            lake.alert("globex", "web", 2, "secret_scanning", 3).created("2026-03-03T00:00:00Z");
            lake.alert("globex", "web", 2, "dependabot", 4).createdAtOnly("2025-06-01T00:00:00Z")
                    .fixed("2026-03-04T00:00:00Z");
            engine.filesChanged(added(before));
            assertSameAnswerBothWays(engine, clock);

            // a late event that happened first, and a repository renamed: names are those of today
            before = keys();
            lake.alert("octo", "api", 1, "code_scanning", 7).fixed("2026-01-01T12:00:00Z");
            lake.alert("globex", "web", 2, "secret_scanning", 3).renamedTo("initech", "site", "2026-03-20T00:00:00Z");
            engine.filesChanged(added(before));
            List<Map<String, Object>> renamed = assertSameAnswerBothWays(engine, clock);
            assertThat(renamed).extracting(r -> r.get("org")).contains("initech").doesNotContain("globex");

            // a deleted file takes its alerts' rows back to what the other files say
            String lateFix = added(before).stream().filter(k -> k.startsWith("findings/")).findFirst().orElseThrow();
            Files.delete(lakeDir().resolve(lateFix));
            engine.filesChanged(List.of(lateFix));
            assertSameAnswerBothWays(engine, clock);
        }
    }

    @Test
    void aNewMonthMakesTheMonthRowsAgainWithTheAlertsStillOpen() throws Exception {
        new TestLake(lakeDir()).alert("octo", "api", 1, "dependabot", 1).created("2026-01-10T00:00:00Z");
        MutableClock clock = new MutableClock(Instant.parse("2026-02-15T00:00:00Z"));
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work(), DuckDbEngine.Tables.COPY, clock)) {
            RemediationSql.Question march = byOrgAndMonth(YearMonth.of(2026, 3), Instant.parse("2026-03-10T00:00:00Z"));
            assertThat(engine.answersFromMonthRows(march)).as("a month the table does not reach yet").isFalse();

            clock.advance(Duration.ofDays(18)); // 2026-03-05
            List<Map<String, Object>> rows = engine.remediation(march, Duration.ofSeconds(30));
            assertThat(engine.answersFromMonthRows(march)).isTrue();
            assertThat(rows).extracting(r -> r.get("period") + " " + r.get("open_at_end"))
                    .containsExactly("2026-01 1", "2026-02 1", "2026-03 1");
            BoundSql fromEvents = RemediationSql.build(march);
            SameRows.assertSame(engine.query(fromEvents.sql(), fromEvents.parameters(), Duration.ofSeconds(30)), rows);
        }
    }

    /** By org and month, from December 2025 to the clock's month, as of the clock: asked both ways, same rows. */
    private static List<Map<String, Object>> assertSameAnswerBothWays(DuckDbEngine engine, MutableClock clock) {
        RemediationSql.Question q = byOrgAndMonth(YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)), clock.instant());
        List<Map<String, Object>> answered = engine.remediation(q, Duration.ofSeconds(30));
        assertThat(engine.answersFromMonthRows(q)).isTrue();
        BoundSql fromEvents = RemediationSql.build(q);
        SameRows.assertSame(engine.query(fromEvents.sql(), fromEvents.parameters(), Duration.ofSeconds(30)), answered);
        assertThat(answered).isNotEmpty();
        return answered;
    }

    /** Remediation by org and calendar month from June 2025 to {@code last}, the last month ending at asOf. */
    private static RemediationSql.Question byOrgAndMonth(YearMonth last, Instant asOf) {
        List<RemediationSql.Period> months = new ArrayList<>();
        for (YearMonth m = YearMonth.of(2025, 6); !m.isAfter(last); m = m.plusMonths(1)) {
            long start = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            long end = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            months.add(new RemediationSql.Period(m.toString(), start, Math.min(end, asOf.toEpochMilli())));
        }
        return new RemediationSql.Question(EventSource.ALL, Filters.NONE, EnumSet.of(RemediationSql.Dimension.ORG,
                RemediationSql.Dimension.MONTH), months, asOf.toEpochMilli(), RemediationSql.Slas.DEFAULT);
    }

    private Set<String> added(Set<String> before) throws IOException {
        Set<String> written = new HashSet<>(keys());
        written.removeAll(before);
        return written;
    }

    @Test
    void eventStatesMadeByAnotherVersionOfTheViewAreMadeAgain() throws Exception {
        // as an older version of the view would have left it: another fingerprint, and a row this one would not make
        copyOfOneAlertChangedBy("UPDATE lake_event_states_sql SET fingerprint = 'older'",
                "INSERT INTO lake_alert_event_states SELECT * FROM lake_alert_event_states");
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work())) {
            assertThat(rowsDifferingFromTheView(engine)).isZero();
        }
    }

    @Test
    void aFailedChangeOfTheMonthRowsLeavesQuestionsToTheEventsUntilTheRowsAreMadeAgain() throws Exception {
        TestLake lake = new TestLake(lakeDir());
        for (int n = 1; n <= 6; n++) { // enough alerts that a change to one updates its rows alone
            lake.alert("octo", "api", 1, "dependabot", n).created("2026-01-0" + n + "T00:00:00Z")
                    .fixed("2026-01-1" + n + "T00:00:00Z");
        }
        MutableClock clock = new MutableClock(Instant.parse("2026-04-10T00:00:00Z"));
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work(), DuckDbEngine.Tables.COPY, clock)) {
            assertSameAnswerBothWays(engine, clock);
            // the table loses a column behind the engine's back: the next change of it fails
            try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + work().resolve("lake.duckdb"),
                    new java.util.Properties()); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE lake_alert_months DROP COLUMN ttr_seconds");
            }
            Set<String> before = keys();
            lake.alert("octo", "web", 2, "dependabot", 2).created("2026-02-01T00:00:00Z");
            engine.filesChanged(added(before));

            RemediationSql.Question q = byOrgAndMonth(YearMonth.of(2026, 4), clock.instant());
            List<Map<String, Object>> answered = engine.remediation(q, Duration.ofSeconds(30));
            assertThat(engine.answersFromMonthRows(q)).isFalse();
            BoundSql fromEvents = RemediationSql.build(q);
            SameRows.assertSame(engine.query(fromEvents.sql(), fromEvents.parameters(), Duration.ofSeconds(30)), answered);
            assertThat(answered).extracting(r -> r.get("period") + " " + r.get("opened"))
                    .contains("2026-01 6", "2026-02 1");

            // not made again at every question, but once the retry is due
            engine.remediation(q, Duration.ofSeconds(30));
            assertThat(engine.answersFromMonthRows(q)).isFalse();
            clock.advance(MonthRowsTable.RETRY); // asOf moves too: open alerts are 10 minutes older
            assertThat(assertSameAnswerBothWays(engine, clock))
                    .extracting(r -> r.get("period") + " " + r.get("opened") + " " + r.get("open_at_end"))
                    .containsExactly("2026-01 6 0", "2026-02 1 1", "2026-03 0 1", "2026-04 0 1");
        }
    }

    @Test
    void monthRowsMadeByOtherSqlAreMadeAgain() throws Exception {
        // as another version would have left them: another fingerprint, and every row twice
        copyOfOneAlertChangedBy("UPDATE lake_alert_months_sql SET fingerprint = 'older'",
                "INSERT INTO lake_alert_months SELECT * FROM lake_alert_months");
        MutableClock clock = new MutableClock(Instant.parse("2026-04-10T00:00:00Z"));
        try (DuckDbEngine engine = new DuckDbEngine(lakeDir(), work(), DuckDbEngine.Tables.COPY, clock)) {
            assertThat(assertSameAnswerBothWays(engine, clock).get(0)).containsEntry("opened", 1L);
        }
    }

    /** A lake of one created alert, copied by an engine, then the copy changed by the statements. */
    private void copyOfOneAlertChangedBy(String... statements) throws Exception {
        new TestLake(lakeDir()).alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z");
        new DuckDbEngine(lakeDir(), work()).close();
        try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + work().resolve("lake.duckdb"),
                new java.util.Properties()); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** Rows of the kept table that the view's SQL over the copied findings would not give, and the reverse. */
    private static long rowsDifferingFromTheView(DuckDbEngine engine) {
        String fresh = "SELECT * FROM (" + io.alertlake.query.SqlFiles.alertEventStates("") + ")";
        var n = engine.query("SELECT (SELECT count(*) FROM (SELECT * FROM alert_event_states EXCEPT ALL " + fresh
                + ")) + (SELECT count(*) FROM (" + fresh + " EXCEPT ALL SELECT * FROM alert_event_states)) AS n",
                List.of(), Duration.ofSeconds(30));
        return (Long) n.get(0).get("n");
    }

    private static long reopenCount(DuckDbEngine engine, String alertId) {
        return (Long) engine.query("SELECT reopen_count FROM alert_lifecycle WHERE alert_id = ?", List.of(alertId),
                Duration.ofSeconds(30)).get(0).get("reopen_count");
    }

    private static List<String> states(DuckDbEngine engine) {
        return engine.query("SELECT alert_id || ' ' || state AS s FROM alert_lifecycle ORDER BY alert_id", List.of(),
                Duration.ofSeconds(30)).stream().map(r -> (String) r.get("s")).toList();
    }

    /** Every lake object, as a key relative to the lake root. */
    private Set<String> keys() throws IOException {
        try (Stream<Path> files = Files.walk(lakeDir())) {
            Set<String> keys = new HashSet<>();
            files.filter(Files::isRegularFile).forEach(p -> keys.add(lakeDir().relativize(p).toString()));
            return keys;
        }
    }
}
