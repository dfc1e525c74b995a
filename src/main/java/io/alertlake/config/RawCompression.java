package io.alertlake.config;

/**
 * How raw archive files are compressed ({@code alertlake.lake.raw-compression}) and what their names end with.
 * Replay reads either, whatever the setting (a file says what it is by its first bytes).
 */
public enum RawCompression {

    /** gzip ({@code raw/…ndjson.gz}), deflate at {@code alertlake.lake.raw-gzip-level}: what every tool reads. */
    GZIP(".ndjson.gz"),

    /**
     * Zstandard ({@code raw/…ndjson.zst}), a frame per 4 MiB of lines: over the benchmark's deliveries
     * about a third of gzip's CPU time and a fifth of its bytes, since its window spans hundreds of payloads where
     * deflate's 32 KB spans three or four (docs/benchmarks.md). Athena, DuckDB and the {@code zstd} tool read it.
     */
    ZSTD(".ndjson.zst");

    /**
     * gzip's deflate level unless {@code alertlake.lake.raw-gzip-level} says otherwise (the setting's default reads
     * it). Over the benchmark's deliveries (one thread, in turn, docs/benchmarks.md) level 2 takes the CPU time of 1,
     * the fastest, for ~10 % fewer bytes; 3 ~2 % more CPU for ~14 % fewer; 4 and up ~40 % more. The archive is the
     * consumer's largest CPU cost, and its bytes are its smallest storage cost.
     */
    public static final int DEFAULT_GZIP_LEVEL = 2;

    private final String suffix;

    RawCompression(String suffix) {
        this.suffix = suffix;
    }

    /** The end of a file's name: {@code .ndjson.gz} or {@code .ndjson.zst}. */
    public String suffix() {
        return suffix;
    }
}
