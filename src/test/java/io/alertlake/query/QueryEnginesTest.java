package io.alertlake.query;

import io.alertlake.local.DuckDbEngine;
import io.alertlake.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the service closes of its query engine when it stops. */
class QueryEnginesTest {

    @TempDir
    Path dir;

    @Test
    void theContainerDisposesOfTheEngineItWasGiven() throws Exception {
        // ArC calls a producer's disposer when the application stops
        assertThat(QueryEngines.class.getDeclaredMethod("close", QueryEngine.class,
                io.alertlake.config.AlertlakeConfig.class).getParameters()[0]
                .isAnnotationPresent(jakarta.enterprise.inject.Disposes.class)).isTrue();
    }

    @Test
    void trinosPartitionRefreshStopsWithTheService() {
        // no Trino listens there: each refresh fails and is tried again, as while Trino is down
        TrinoEngine trino = new TrinoEngine("jdbc:trino://127.0.0.1:9/hive/alertlake", "alertlake", "s3://lake/");
        trino.syncPartitionsEvery(Duration.ofMillis(50));
        assertThat(trino.refreshing()).isTrue();

        new QueryEngines().close(new TimedQueryEngine(trino, new SimpleMeterRegistry()),
                TestConfigs.of(Map.of("alertlake.mode", "aws", "alertlake.query.engine", "trino")));

        assertThat(trino.refreshing()).as("the refresher still runs after the service stopped").isFalse();
    }

    @Test
    void localModesDuckDbIsLeftToTheEmbeddedEngineThatClosesItAfterTheLastFlush() {
        try (DuckDbEngine duckdb = new DuckDbEngine(dir.resolve("lake"), dir.resolve("work"))) {
            new QueryEngines().close(new TimedQueryEngine(duckdb, new SimpleMeterRegistry()),
                    TestConfigs.of(Map.of("alertlake.mode", "local")));
            assertThat(duckdb.query("SELECT ? + 1 AS n", List.of(1), Duration.ofSeconds(10)))
                    .containsExactly(Map.of("n", 2));
        }
    }
}
