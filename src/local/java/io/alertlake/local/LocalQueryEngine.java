package io.alertlake.local;

import io.alertlake.query.EmbeddedQueryEngine;
import io.alertlake.query.QueryEngine;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** DuckDB over the local S3 emulator's bucket directory, started on first use. */
@Singleton
public class LocalQueryEngine implements EmbeddedQueryEngine {

    private final LocalStack localStack;
    private DuckDbEngine engine;

    LocalQueryEngine(LocalStack localStack) {
        this.localStack = localStack;
    }

    @Override
    public synchronized QueryEngine engine() {
        if (engine == null) {
            localStack.start();
            engine = new DuckDbEngine(localStack.bucketDir(), localStack.dataDir().resolve("duckdb"));
        }
        return engine;
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (engine != null) {
            engine.close();
        }
    }
}
