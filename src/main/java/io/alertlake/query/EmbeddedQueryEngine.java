package io.alertlake.query;

/** The embedded engine of local mode (DuckDB), provided by the JVM-only source set. */
public interface EmbeddedQueryEngine {
    QueryEngine engine();
}
