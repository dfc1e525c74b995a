package io.alertlake.api.graphql;

import io.alertlake.local.DuckDbEngine;
import io.alertlake.query.QueryEngine;
import io.alertlake.query.TestLake;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * DuckDB over a lake of three alerts (two of octo/api, one of octo/web; one fixed), keeping each statement sent
 * to it with its number of parameters: what the API asks an engine, seen from the engine's side.
 */
final class RecordedLake implements QueryEngine, AutoCloseable {

    /** A statement as the engine got it. */
    record Sent(String sql, int parameters) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final DuckDbEngine duckdb;

    RecordedLake(Path dir) {
        TestLake lake = new TestLake(dir.resolve("lake"));
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-03T00:00:00Z").fixed("2026-02-10T00:00:00Z");
        lake.alert("octo", "api", 1, "code_scanning", 2).created("2026-01-05T00:00:00Z");
        lake.alert("octo", "web", 2, "secret_scanning", 3).created("2026-02-01T00:00:00Z");
        duckdb = new DuckDbEngine(lake.root(), dir.resolve("work"));
    }

    @Override
    public List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline) {
        sent.add(new Sent(sql, parameters.size()));
        return duckdb.query(sql, parameters, deadline);
    }

    @Override
    public String name() {
        return "duckdb, recorded";
    }

    /** The statements' SQL, in the order sent. */
    List<String> sql() {
        return sent.stream().map(Sent::sql).toList();
    }

    @Override
    public void close() {
        duckdb.close();
    }
}
