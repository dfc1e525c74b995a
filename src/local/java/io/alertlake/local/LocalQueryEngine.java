package io.alertlake.local;

import io.alertlake.lake.LakeFilesChanged;
import io.alertlake.query.EmbeddedQueryEngine;
import io.alertlake.query.QueryEngine;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DuckDB over the local S3 emulator's bucket directory, started on first use, answering from its copy of the
 * lake in {@code <data-dir>/duckdb/}; the lake files this process writes are passed on as they are written.
 */
@Singleton
public class LocalQueryEngine implements EmbeddedQueryEngine {

    private final LocalStack localStack;
    private volatile DuckDbEngine engine;
    private volatile boolean starting;
    /** Changes reported while the engine starts, after its first look at the lake may have passed them. */
    private final Set<String> early = ConcurrentHashMap.newKeySet();

    LocalQueryEngine(LocalStack localStack) {
        this.localStack = localStack;
    }

    @Override
    public synchronized QueryEngine engine() {
        if (engine == null) {
            starting = true;
            localStack.start();
            DuckDbEngine started = new DuckDbEngine(localStack.bucketDir(), localStack.dataDir().resolve("duckdb"));
            engine = started;
            handOver(started);
        }
        return engine;
    }

    void onLakeChange(@Observes LakeFilesChanged change) {
        DuckDbEngine current = engine;
        if (current != null) {
            current.filesChanged(change.keys());
        } else if (starting) {
            early.addAll(change.keys());
            current = engine;
            if (current != null) {
                handOver(current);
            }
        }
    }

    private void handOver(DuckDbEngine to) {
        List<String> keys = List.copyOf(early);
        early.removeAll(keys);
        to.filesChanged(keys);
    }

    /** After the consumer's last flush (which the local copy follows), before the stand-ins stop. */
    synchronized void onStop(@Observes @Priority(4000) ShutdownEvent event) {
        if (engine != null) {
            engine.close();
        }
    }
}
