package io.alertlake.config;

/** Which engine answers queries in aws mode (local mode always uses the embedded DuckDB). */
public enum QueryEngineType {
    /** Athena over the Glue tables Terraform creates. */
    ATHENA,
    /** A self-hosted Trino with a Hive catalog over the lake bucket. */
    TRINO
}
