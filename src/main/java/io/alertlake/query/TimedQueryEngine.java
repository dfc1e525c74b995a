package io.alertlake.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An engine whose queries are timed ({@code alertlake.query}, by {@code engine} and {@code outcome}: {@code ok} or
 * {@code failed}, a deadline passed among them): what the API's answers wait for, at {@code /q/metrics} and in
 * CloudWatch. Answers from the API's cache never reach it.
 */
final class TimedQueryEngine implements QueryEngine {

    private final QueryEngine engine;
    private final Timer ok;
    private final Timer failed;

    TimedQueryEngine(QueryEngine engine, MeterRegistry registry) {
        this.engine = engine;
        this.ok = timer(registry, engine.name(), "ok");
        this.failed = timer(registry, engine.name(), "failed");
    }

    private static Timer timer(MeterRegistry registry, String engine, String outcome) {
        return Timer.builder("alertlake.query").description("Queries run on the engine (cached answers are not)")
                .tag("engine", engine).tag("outcome", outcome).register(registry);
    }

    @Override
    public List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline) {
        return timed(() -> engine.query(sql, parameters, deadline));
    }

    @Override
    public List<Map<String, Object>> remediation(RemediationSql.Question question, Duration deadline) {
        return timed(() -> engine.remediation(question, deadline));
    }

    private <T> T timed(Supplier<T> run) {
        long start = System.nanoTime();
        try {
            T result = run.get();
            ok.record(Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (RuntimeException e) {
            failed.record(Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public boolean readsLakeFiles() {
        return engine.readsLakeFiles();
    }

    /** The engine whose queries it times. */
    QueryEngine untimed() {
        return engine;
    }
}
