package io.alertlake.api.graphql;

import io.alertlake.query.AthenaParameterRule;
import io.alertlake.query.RemediationSql;
import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every statement the GraphQL API sends to its engine keeps Athena's rule for parameters: a {@code ?} only in a
 * WHERE clause. Athena cannot run here and Trino (the dialect test) accepts parameters anywhere, so the API runs
 * each kind of question on DuckDB over a small lake, as it does locally, through an engine that records what it is
 * sent (the remediation query as Athena gets it, not the local engine's shortcut), and the rule is checked on the
 * text of each statement.
 */
class AthenaParameterPlacementTest {

    @TempDir
    Path dir;
    private RecordedLake lake;
    private SqlAlertMetrics api;

    @BeforeEach
    void lakeAndApi() {
        lake = new RecordedLake(dir);
        api = new SqlAlertMetrics(lake, TestConfigs.of(Map.of("alertlake.api.cache-ttl", "0s")));
    }

    @AfterEach
    void close() {
        lake.close();
    }

    @Test
    void everyQuestionOfTheApiPutsItsParametersInWhereClausesOnly() {
        Instant asOf = Instant.parse("2026-03-01T00:00:00Z");
        var all = new AlertMetrics.Criteria(null, null, null, null, null, null, null);
        var scoped = new AlertMetrics.Criteria(List.of("octo"), List.of("octo/api"), List.of(AlertType.DEPENDABOT),
                List.of(Severity.HIGH), null, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"));

        var byMonth = api.remediation(scoped, EnumSet.of(Dimension.MONTH, Dimension.SEVERITY), asOf);
        assertThat(byMonth).extracting(RemediationStats::month).contains("2026-01", "2026-02");
        assertThat(api.remediation(all, Set.of(), asOf)).singleElement()
                .satisfies(s -> assertThat(s.opened()).isEqualTo(3));
        var firstPage = api.alerts(all, EnumSet.allOf(AlertState.class), 2, null);
        assertThat(firstPage.nodes()).hasSize(2);
        assertThat(firstPage.hasNextPage()).isTrue();
        var secondPage = api.alerts(all, EnumSet.of(AlertState.OPEN, AlertState.FIXED), 2, firstPage.positions().get(1));
        assertThat(secondPage.nodes()).hasSize(1);
        assertThat(secondPage.totalCount()).isEqualTo(3);
        var pastTheEnd = api.alerts(scoped, EnumSet.allOf(AlertState.class), 5,
                new Cursors.Position(0, "zzz"));
        assertThat(pastTheEnd.nodes()).isEmpty();
        assertThat(pastTheEnd.totalCount()).isEqualTo(1);
        assertThat(api.alert("octo", "api", AlertType.DEPENDABOT, 1)).isPresent();
        assertThat(api.events(List.of(firstPage.nodes().get(0).id()))).hasSize(1);

        assertThat(lake.sent).hasSizeGreaterThanOrEqualTo(9);
        for (RecordedLake.Sent statement : lake.sent) {
            assertThat(AthenaParameterRule.placeholders(statement.sql())).as("one value per ?")
                    .hasSize(statement.parameters());
        }
        for (String sql : lake.sql()) {
            assertThat(AthenaParameterRule.violations(sql)).as(sql).isEmpty();
        }
    }

    @Test
    void anEmptyFirstPageCostsOneQueryAndAPageBeyondTheEndTwo() {
        var none = new AlertMetrics.Criteria(null, null, null, null, List.of("NoSuchTool"), null, null);
        lake.sent.clear();
        var empty = api.alerts(none, EnumSet.allOf(AlertState.class), 5, null);
        assertThat(empty.nodes()).isEmpty();
        assertThat(empty.totalCount()).isZero();
        assertThat(lake.sql()).filteredOn(sql -> sql.contains("alert_lifecycle") || sql.contains("total_count")).hasSize(1);

        lake.sent.clear();
        var all = new AlertMetrics.Criteria(null, null, null, null, null, null, null);
        var beyond = api.alerts(all, EnumSet.allOf(AlertState.class), 5, new Cursors.Position(0, "zzz"));
        assertThat(beyond.nodes()).isEmpty();
        assertThat(beyond.totalCount()).isEqualTo(3); // the list's total, from a count of its own
        assertThat(lake.sql()).filteredOn(sql -> sql.contains("count(*) AS total_count")).hasSize(1);
    }

    @Test
    void theRuleSeesParametersOutsideWhereClauses() {
        assertThat(AthenaParameterRule.violations("SELECT a FROM t WHERE b IN (?, ?) AND c < CAST(? AS bigint)"))
                .isEmpty();
        assertThat(AthenaParameterRule.violations(
                "SELECT * FROM (SELECT a FROM t WHERE b = ?) x WHERE x.a IN (SELECT c FROM u WHERE d = ?)")).isEmpty();
        // the forms the API used before: periods in VALUES, SLAs in the select list, the page size in LIMIT
        assertThat(AthenaParameterRule.violations(
                "WITH periods AS (SELECT * FROM (VALUES (CAST(? AS varchar), CAST(? AS bigint))) AS p (period, ps)) "
                        + "SELECT * FROM periods")).extracting(AthenaParameterRule.Placeholder::clause)
                .containsExactly("VALUES", "VALUES");
        assertThat(AthenaParameterRule.violations("SELECT CASE s WHEN 'high' THEN CAST(? AS double) END FROM t"))
                .extracting(AthenaParameterRule.Placeholder::clause).containsExactly("SELECT");
        assertThat(AthenaParameterRule.violations("SELECT * FROM t WHERE a = ? ORDER BY b LIMIT ?"))
                .extracting(AthenaParameterRule.Placeholder::clause).containsExactly("LIMIT");
        assertThat(AthenaParameterRule.violations("SELECT count(*) FILTER (WHERE a > ?) FROM t JOIN u ON t.x = ?"))
                .extracting(AthenaParameterRule.Placeholder::clause).containsExactly("FILTER", "ON");
        // not parameters: a ? in a literal, a quoted name or a comment
        assertThat(AthenaParameterRule.placeholders("SELECT '?', \"a?\" FROM t -- what?\nWHERE a = 'it''s ?'"))
                .isEmpty();
    }

    @Test
    void aPeriodsLabelIsAMonthOrAll() {
        // labels are written into the query as literals
        assertThat(new RemediationSql.Period("2026-01", 0, 1).label()).isEqualTo("2026-01");
        assertThatThrownBy(() -> new RemediationSql.Period("2026-01' OR '1'='1", 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
