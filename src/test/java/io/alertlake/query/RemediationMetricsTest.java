package io.alertlake.query;

import io.alertlake.local.DuckDbEngine;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
}
