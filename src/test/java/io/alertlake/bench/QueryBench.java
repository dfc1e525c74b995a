package io.alertlake.bench;

import io.alertlake.delivery.Delivery;
import io.alertlake.demo.DemoDeliveries;
import io.alertlake.lake.LakePaths;
import io.alertlake.lake.ParquetFiles;
import io.alertlake.local.DuckDbEngine;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.ocsf.PartitionKey;
import io.alertlake.query.BoundSql;
import io.alertlake.query.EventSource;
import io.alertlake.query.Filters;
import io.alertlake.query.JdbcRows;
import io.alertlake.query.QueryEngine;
import io.alertlake.query.RemediationSql;
import io.alertlake.query.SqlFiles;
import org.apache.avro.generic.GenericRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Query latency on a generated lake, on the embedded DuckDB engine (the local default).
 * <p>
 * A seed of real OCSF records (demo deliveries through the consumer's mapper and Parquet writer, one year) is
 * multiplied by DuckDB into a lake of N events: copy k gets its own alerts and deliveries, and belongs to one of
 * {@code repoGroups} groups of eight repositories spread over {@code orgs} organizations, written in the
 * consumer's {@code class/org/repo/day} layout. Then the remediation query of the GraphQL API runs — grouped by
 * org and month, by repo, and for one org — and the script reports the median latency, the Parquet files the
 * query opened (DuckDB's profile) and an estimate of what Athena would scan. Run by {@code bench/query/run.sh},
 * not by the tests.
 */
public final class QueryBench {

    private static final String TABLE_HEADER = "| query | rows | median ms | min ms | max ms | files opened "
            + "| Athena scan estimate (MB) |\n|---|---|---|---|---|---|---|";
    private static final int RUNS = Integer.getInteger("bench.runs", 5);

    public static void main(String[] args) throws Exception {
        BenchLogging.likeTheService();
        long events = Long.parseLong(args.length > 0 ? args[0] : "1000000");
        Path out = Path.of(args.length > 1 ? args[1] : "bench/query/out");
        int orgs = Integer.parseInt(args.length > 2 ? args[2] : "20");
        int repoGroups = Integer.parseInt(args.length > 3 ? args[3] : "25");
        Path lake = out.resolve("lake-" + events + "-" + repoGroups);
        Files.createDirectories(out);

        long seedEvents = writeSeed(out.resolve("seed"));
        long copies = (events + seedEvents - 1) / seedEvents;
        if (!Files.exists(lake.resolve("complete"))) {
            ConsumeBench.deleteTree(lake);
            Files.createDirectories(lake);
            long started = System.nanoTime();
            multiply(out.resolve("seed"), lake, copies, orgs, repoGroups);
            Files.writeString(lake.resolve("complete"), "");
            System.err.printf("generated %d copies in %.0f s%n", copies, (System.nanoTime() - started) / 1e9);
        }
        LakeStats all = stats(lake.resolve("findings"), null);
        LakeStats oneOrg = stats(lake.resolve("findings"), "org-3");

        Path work = Files.createTempDirectory("query-bench");
        long asOf = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        List<RemediationSql.Period> months = new ArrayList<>();
        for (YearMonth m = YearMonth.of(2025, 11); m.isBefore(YearMonth.of(2026, 11)); m = m.plusMonths(1)) {
            months.add(new RemediationSql.Period(m.toString(),
                    m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
                    m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()));
        }
        Filters org3 = new Filters(List.of("org-3"), null, null, null, null, null, null, null);
        var byOrgMonth = new RemediationSql.Question(EventSource.ALL, Filters.NONE, EnumSet.of(
                RemediationSql.Dimension.ORG, RemediationSql.Dimension.MONTH), months, asOf, RemediationSql.Slas.DEFAULT);
        var byRepo = new RemediationSql.Question(EventSource.ALL, Filters.NONE, EnumSet.of(RemediationSql.Dimension.REPO),
                List.of(new RemediationSql.Period("all", 0, asOf)), asOf, RemediationSql.Slas.DEFAULT);
        try {
            System.out.printf("lake: %d events (%d copies of a %d-event seed), %d orgs, %d repositories, "
                            + "%d Parquet files, %.1f MB; org-3: %d files, %.1f MB%n", copies * seedEvents, copies,
                    seedEvents, orgs, repoGroups * 8L, all.files(), all.bytes() / 1e6, oneOrg.files(),
                    oneOrg.bytes() / 1e6);
            if (Boolean.parseBoolean(System.getProperty("bench.lake-files", "true"))) {
                // every question reads the Parquet files, as Athena does: what partition pruning saves
                try (DuckDbEngine files = new DuckDbEngine(lake, work.resolve("files"), DuckDbEngine.Tables.LAKE_FILES)) {
                    System.out.printf("%nReading the lake's Parquet files at every query:%n%n%s%n", TABLE_HEADER);
                    long wholeLake = athenaBytes(lake, null);
                    report(files, "remediation by org and month (12 months)", () -> byOrgMonth, wholeLake);
                    report(files, "remediation by repo (all time)", () -> byRepo, wholeLake);
                    report(files, "remediation for one org by month (partition query included)",
                            () -> oneOrgMonthly(files, org3, months, asOf), athenaBytes(lake, "org-3"));
                }
            }
            // local mode: the engine's copy of the lake in a DuckDB database file
            long started = System.nanoTime();
            new DuckDbEngine(lake, work.resolve("copy")).close();
            double copySeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            try (DuckDbEngine engine = new DuckDbEngine(lake, work.resolve("copy"))) {
                double restartSeconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("%nFrom the local copy (made in %.1f s, %.0f MB on disk; a restart with nothing new "
                                + "to copy: %.2f s):%n%n%s%n", copySeconds,
                        Files.size(work.resolve("copy/lake.duckdb")) / 1e6, restartSeconds, TABLE_HEADER);
                report(engine, "remediation by org and month (12 months)", () -> byOrgMonth, -1);
                report(engine, "remediation by repo (all time)", () -> byRepo, -1);
                report(engine, "remediation for one org by month (org as a filter)",
                        () -> oneOrgMonthly(engine, org3, months, asOf), -1);
                System.out.printf("%n%s; %d cores; DuckDB %s%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                        engine.query("SELECT version() AS v", List.of(), Duration.ofSeconds(5)).get(0).get("v"));
            }
        } finally {
            ConsumeBench.deleteTree(work);
        }
    }

    /**
     * As the API asks it: over the lake's files, first the org's partitions, then the query over them (both are
     * timed); from the local copy, the query with the org as a filter.
     */
    private static RemediationSql.Question oneOrgMonthly(QueryEngine engine, Filters org,
                                                         List<RemediationSql.Period> months, long asOf) {
        return new RemediationSql.Question(EventSource.forFilters(org, engine, Duration.ofMinutes(1)).orElseThrow(),
                org, EnumSet.of(RemediationSql.Dimension.MONTH), months, asOf, RemediationSql.Slas.DEFAULT);
    }

    /** The seed: one year of demo deliveries through the consumer's mapper, in the consumer's layout. */
    private static long writeSeed(Path seed) throws Exception {
        ConsumeBench.deleteTree(seed);
        OcsfMapper mapper = new OcsfMapper();
        Map<PartitionKey, List<GenericRecord>> findings = new HashMap<>();
        Map<String, List<GenericRecord>> repositories = new HashMap<>();
        long n = 0;
        for (DemoDeliveries.Demo d : DemoDeliveries.generate(1, LocalDate.of(2026, 11, 1), 12)) {
            Mapped m = mapper.map(new Delivery(d.event(), d.deliveryId(), null, null, null, d.at().plusSeconds(2),
                    d.body()));
            for (Mapped.Finding f : m.findings()) {
                findings.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f.record());
                n++;
            }
            for (Mapped.RepositoryRow r : m.repositories()) {
                repositories.computeIfAbsent(r.day(), k -> new ArrayList<>()).add(r.record());
            }
        }
        for (var e : findings.entrySet()) {
            Path dir = seed.resolve(LakePaths.FINDINGS + e.getKey().path());
            Files.createDirectories(dir);
            Files.write(dir.resolve("seed.parquet"), ParquetFiles.write(FindingSchema.finding(), e.getValue()));
        }
        for (var e : repositories.entrySet()) {
            Path dir = seed.resolve(LakePaths.REPOSITORIES + "day=" + e.getKey());
            Files.createDirectories(dir);
            Files.write(dir.resolve("seed.parquet"), ParquetFiles.write(FindingSchema.repository(), e.getValue()));
        }
        return n;
    }

    /**
     * Copy k of the seed: alert and delivery ids suffixed with k, repositories of group k % groups (their own
     * ids, names suffixed with the group, in org-(group % orgs)). One COPY per group keeps the number of open
     * partition writers bounded; each group's files land in the consumer's layout.
     */
    private static void multiply(Path seed, Path lake, long copies, int orgs, int groups) throws Exception {
        try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
             Statement s = c.createStatement()) {
            s.execute("SET preserve_insertion_order = false");
            s.execute("CREATE TABLE seed AS SELECT * FROM read_parquet('" + seed.toAbsolutePath()
                    + "/findings/*/*/*/*/*.parquet', hive_partitioning = true)");
            s.execute("CREATE TABLE seed_repos AS SELECT * FROM read_parquet('" + seed.toAbsolutePath()
                    + "/repositories/*/*.parquet', hive_partitioning = true)");
            for (int g = 0; g < groups && g < copies; g++) {
                String org = "'org-" + (g % orgs) + "'";
                String suffix = "'-" + g + "'";
                long idOffset = (g + 1) * 1_000_000L;
                s.execute("COPY (SELECT seed.* REPLACE ("
                        + " struct_update(finding_info, uid := finding_info.uid || '#' || k.range) AS finding_info,"
                        + " struct_update(metadata, uid := metadata.uid || '#' || k.range) AS metadata,"
                        + " struct_update(unmapped, repository_id := unmapped.repository_id + " + idOffset + ","
                        + "   org := " + org + ", repo := unmapped.repo || " + suffix + ") AS unmapped,"
                        + " " + org + " AS org, repo || " + suffix + " AS repo)"
                        + " FROM seed, range(" + copies + ") k WHERE k.range % " + groups + " = " + g
                        + " ORDER BY \"time\") TO '" + lake.resolve("findings").toAbsolutePath() + "'"
                        + " (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (class, org, repo, day),"
                        + " FILENAME_PATTERN 'group" + g + "_{i}', OVERWRITE_OR_IGNORE)");
                s.execute("COPY (SELECT * REPLACE (repository_id + " + idOffset + " AS repository_id, "
                        + org + " AS org, repo || " + suffix + " AS repo)"
                        + " FROM seed_repos) TO '" + lake.resolve("repositories").toAbsolutePath() + "'"
                        + " (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (day),"
                        + " FILENAME_PATTERN 'group" + g + "_{i}', OVERWRITE_OR_IGNORE)");
            }
        }
    }

    private static void report(QueryEngine engine, String name, Supplier<RemediationSql.Question> question,
                               long athenaBytes) throws Exception {
        List<Long> ms = new ArrayList<>();
        int rows = 0;
        RemediationSql.Question q = null;
        for (int i = 0; i < RUNS; i++) {
            long started = System.nanoTime();
            q = question.get();
            rows = engine.remediation(q, Duration.ofMinutes(30)).size();
            ms.add((System.nanoTime() - started) / 1_000_000);
        }
        ms.sort(Comparator.naturalOrder());
        // the local copy answers questions by calendar month from the month rows it keeps
        if (engine instanceof DuckDbEngine duckdb && duckdb.answersFromMonthRows(q)) {
            name += " (month rows)";
        }
        // no file is opened, and nothing like Athena's scan happens, when the local copy answers
        System.out.printf("| %s | %d | %d | %d | %d | %s | %s |%n", name, rows, ms.get(RUNS / 2), ms.get(0),
                ms.get(RUNS - 1), athenaBytes < 0 ? "–" : filesOpened(engine, RemediationSql.build(q)),
                athenaBytes < 0 ? "–" : String.format("%.1f", athenaBytes / 1e6));
    }

    /** The Parquet files DuckDB opened for the query (its profile's "Total Files Read", summed over scans). */
    private static long filesOpened(QueryEngine engine, BoundSql q) {
        String text = engine.query("EXPLAIN ANALYZE " + q.sql(), q.parameters(), Duration.ofMinutes(30)).stream()
                .map(r -> String.valueOf(r.get("explain_value"))).reduce("", String::concat);
        String label = "Total Files Read: ";
        long total = 0;
        for (int i = text.indexOf(label); i >= 0; i = text.indexOf(label, i + 1)) {
            int start = i + label.length();
            int end = start;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            total += Long.parseLong(text.substring(start, end));
        }
        return total;
    }

    /** The columns the alert_events view reads from the findings table, as Parquet paths. */
    private static final List<String> EVENT_COLUMNS = List.of("finding_info, uid", "finding_info, created_time",
            "finding_info, title", "finding_info, src_url", "unmapped, repository_id", "unmapped, alert_type",
            "unmapped, alert_number", "unmapped, action", "unmapped, transition", "unmapped, counts",
            "unmapped, severity", "unmapped, tool", "unmapped, rule", "time", "status_detail", "metadata, uid",
            "metadata, logged_time");

    /**
     * What Athena would scan for one remediation query: the compressed bytes of the columns it reads, in the
     * partitions it reads, counted twice because Trino evaluates the query's events CTE once per reference;
     * plus, for an org-scoped question, the repositories table read by the partition query.
     */
    private static long athenaBytes(Path lake, String org) throws Exception {
        try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
             Statement s = c.createStatement()) {
            String columns = String.join(", ", EVENT_COLUMNS.stream().map(p -> "'" + p + "'").toList());
            long findings = scalar(s, "SELECT sum(total_compressed_size) FROM parquet_metadata('" + lake.toAbsolutePath()
                    + "/findings/*/*/*/*/*.parquet') WHERE path_in_schema IN (" + columns + ")"
                    + (org == null ? "" : " AND file_name LIKE '%/org=" + org + "/%'"));
            long repositories = scalar(s, "SELECT sum(total_compressed_size) FROM parquet_metadata('"
                    + lake.toAbsolutePath() + "/repositories/*/*.parquet')");
            return 2 * (findings + repositories) + (org == null ? 0 : 2 * repositories);
        }
    }

    private static long scalar(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record LakeStats(long files, long bytes) {
    }

    private static LakeStats stats(Path findings, String org) throws Exception {
        long files = 0;
        long bytes = 0;
        try (Stream<Path> s = Files.walk(findings)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                if (org == null || p.toString().contains("/org=" + org + "/")) {
                    files++;
                    bytes += Files.size(p);
                }
            }
        }
        return new LakeStats(files, bytes);
    }

    private QueryBench() {
    }
}
