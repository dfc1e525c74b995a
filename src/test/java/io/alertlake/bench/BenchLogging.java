package io.alertlake.bench;

import java.util.logging.Level;

/** Logging for the benchmarks, which run outside Quarkus. */
final class BenchLogging {

    private BenchLogging() {
    }

    /**
     * Logs at INFO, Parquet at WARN, as the service does (application.properties). Outside Quarkus nothing
     * configures logging: without this, Parquet's record-level debug logging runs and dominates the profile.
     */
    static void likeTheService() {
        org.jboss.logmanager.Logger.getLogger("").setLevel(Level.INFO);
        org.jboss.logmanager.Logger.getLogger("org.apache.parquet").setLevel(Level.WARNING);
    }
}
