package io.alertlake.api.graphql;

import io.alertlake.local.DuckDbEngine;
import io.alertlake.query.QueryEngine;
import io.alertlake.query.TestLake;
import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What the API's cache keeps: identical questions answered once, and no answer beyond its share of the bound. */
class AnswerCacheTest {

    private static final AlertMetrics.Criteria ALL = new AlertMetrics.Criteria(null, null, null, null, null, null, null);
    private static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;
    private DuckDbEngine duckdb;
    private final AtomicInteger statements = new AtomicInteger();
    private SqlAlertMetrics api;

    @BeforeEach
    void lakeAndApi() {
        TestLake lake = new TestLake(dir.resolve("lake"));
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-03T00:00:00Z").fixed("2026-02-10T00:00:00Z");
        lake.alert("octo", "api", 1, "code_scanning", 2).created("2026-01-05T00:00:00Z");
        lake.alert("octo", "web", 2, "secret_scanning", 3).created("2026-02-01T00:00:00Z");
        duckdb = new DuckDbEngine(lake.root(), dir.resolve("work"));
        QueryEngine counting = new QueryEngine() {
            @Override
            public List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline) {
                statements.incrementAndGet();
                return duckdb.query(sql, parameters, deadline);
            }

            @Override
            public String name() {
                return "duckdb, counted";
            }
        };
        // 20 rows in all, 2 for one answer
        api = new SqlAlertMetrics(counting, TestConfigs.of(Map.of("alertlake.api.cache-ttl", "1m")), 20);
    }

    @AfterEach
    void close() {
        duckdb.close();
    }

    @Test
    void aSmallAnswerIsKeptAndALargeOneAskedForAgain() {
        var once = api.remediation(ALL, Set.of(), AS_OF);
        int asked = statements.get();
        assertThat(api.remediation(ALL, Set.of(), AS_OF)).isEqualTo(once);
        assertThat(statements.get()).as("one row: from the cache").isEqualTo(asked);

        var page = api.alerts(ALL, EnumSet.allOf(AlertState.class), 5, null);
        assertThat(page.nodes()).hasSize(3);
        asked = statements.get();
        assertThat(api.alerts(ALL, EnumSet.allOf(AlertState.class), 5, null).nodes()).isEqualTo(page.nodes());
        assertThat(statements.get()).as("three alerts, more than an answer's share: asked again").isGreaterThan(asked);
    }
}
