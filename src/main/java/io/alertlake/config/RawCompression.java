package io.alertlake.config;

/**
 * How raw archive files are compressed ({@code alertlake.lake.raw-compression}) and what their names end with.
 * Replay reads either, whatever the setting (a file says what it is by its first bytes).
 */
public enum RawCompression {

    /**
     * gzip ({@code raw/…ndjson.gz}), deflated by alertlake's own encoder, or by zlib at
     * {@code alertlake.lake.raw-gzip-level} when that is set: what every tool reads.
     */
    GZIP(".ndjson.gz"),

    /**
     * Zstandard ({@code raw/…ndjson.zst}), a frame per 4 MiB of lines: over the benchmark's deliveries
     * a third of the default gzip's bytes for about its CPU, since its window spans hundreds of payloads where
     * deflate's 32 KB spans three or four (docs/benchmarks.md). Athena, DuckDB and the {@code zstd} tool read it.
     */
    ZSTD(".ndjson.zst");

    private final String suffix;

    RawCompression(String suffix) {
        this.suffix = suffix;
    }

    /** The end of a file's name: {@code .ndjson.gz} or {@code .ndjson.zst}. */
    public String suffix() {
        return suffix;
    }
}
