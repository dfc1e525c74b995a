package io.alertlake.query;

import io.alertlake.aws.EmfDocuments;
import io.alertlake.local.DuckDbEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Queries on the engine (DuckDB here) are counted and timed by engine and outcome, and drawn on the dashboard. */
class TimedQueryEngineTest {

    @TempDir
    Path dir;

    @Test
    void eachQueryIsTimedByItsEngineAndOutcome() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DuckDbEngine duckdb = new DuckDbEngine(dir.resolve("lake"), dir.resolve("work"))) {
            QueryEngine engine = new TimedQueryEngine(duckdb, registry);
            assertThat(engine.query("SELECT ? + 1 AS n", List.of(41), Duration.ofSeconds(10)))
                    .containsExactly(java.util.Map.of("n", 42));
            assertThatThrownBy(() -> engine.query("SELECT * FROM no_such_table", List.of(), Duration.ofSeconds(10)))
                    .isInstanceOf(RuntimeException.class);
            assertThat(engine.name()).isEqualTo("duckdb");
            assertThat(engine.readsLakeFiles()).isEqualTo(duckdb.readsLakeFiles());
        }
        assertThat(registry.get("alertlake.query").tags("engine", "duckdb", "outcome", "ok").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("alertlake.query").tags("engine", "duckdb", "outcome", "failed").timer().count())
                .isEqualTo(1);
    }

    @Test
    void everyQueryMetricOnTheDashboardIsWritten() throws Exception {
        var written = EmfDocuments.writtenFor((MeterRegistry registry) -> {
            try (DuckDbEngine duckdb = new DuckDbEngine(dir.resolve("lake"), dir.resolve("work"))) {
                new TimedQueryEngine(duckdb, registry).query("SELECT 1 AS n", List.of(), Duration.ofSeconds(10));
            }
        });
        assertThat(EmfDocuments.onTheDashboard("alertlake_query_")).hasSize(2)
                .allSatisfy(name -> assertThat(written).contains(name));
    }
}
