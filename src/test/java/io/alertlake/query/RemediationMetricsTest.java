package io.alertlake.query;

import io.alertlake.local.DuckDbEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The remediation scenarios on DuckDB, the engine of local mode. */
class RemediationMetricsTest extends RemediationScenarios {

    private DuckDbEngine engine;

    @Override
    protected List<Map<String, Object>> query(String sql, List<?> parameters) {
        if (engine == null) {
            engine = new DuckDbEngine(lake.root(), dir.resolve("work"));
        }
        return engine.query(sql, parameters, Duration.ofSeconds(30));
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

        EventSource scoped = EventSource.forFilters(octo, engine(), Duration.ofSeconds(30)).orElseThrow();
        String pruned = plan(RemediationSql.build(scoped, octo, EnumSet.noneOf(RemediationSql.Dimension.class), all,
                asOf, RemediationSql.Slas.DEFAULT));
        String whole = plan(RemediationSql.build(EventSource.ALL, octo, EnumSet.noneOf(RemediationSql.Dimension.class),
                all, asOf, RemediationSql.Slas.DEFAULT));

        // DuckDB's profile names the files each scan opened
        assertThat(whole).contains("org=globex/").contains("org=octo/");
        assertThat(pruned).contains("org=octo/").doesNotContain("org=globex/");
    }

    /** The query's profile, with the file names DuckDB prints for every scan. */
    private String plan(RemediationSql.Statement st) {
        return query("EXPLAIN ANALYZE " + st.sql(), st.parameters()).stream()
                .map(r -> String.valueOf(r.get("explain_value"))).collect(Collectors.joining("\n"));
    }
}
