package io.alertlake.local;

import io.alertlake.delivery.Delivery;
import io.alertlake.demo.DemoDeliveries;
import io.alertlake.ingest.SignatureVerifier;
import io.alertlake.lake.LakePaths;
import io.alertlake.lake.ParquetFiles;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.ocsf.PartitionKey;
import io.alertlake.query.EventSource;
import io.alertlake.query.Filters;
import io.alertlake.query.RemediationSql;
import io.alertlake.query.SameRows;
import io.alertlake.query.SqlFiles;
import io.alertlake.testing.Fixtures;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lake copy reloads the files the consumer reports again and again, as replays and redeliveries under load
 * make it do, over a lake like a demo run leaves: the copy's answers stay those of a copy made afresh. Reloading
 * deletes and appends findings rows; the event states computed in that same transaction made DuckDB 2.0.0 corrupt
 * its native heap within a few reloads, and the JVM died.
 */
class LakeCopyReloadTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String SECRET = "demo-webhook-secret";
    /** The demo's deliveries are those of the months before this day. */
    private static final LocalDate END = LocalDate.of(2026, 12, 1);
    private static final int MONTHS = 9;

    @TempDir
    Path dir;

    @Test
    void reportedFilesReloadedOverAndOverLeaveTheAnswersOfAFreshCopy() throws Exception {
        Path lake = dir.resolve("lake");
        writeDemoLake(lake);
        List<String> findings = findingsKeys(lake);
        RemediationSql.Question byOrgAndMonth = byOrgAndMonth();
        Clock clock = Clock.fixed(END.plusDays(6).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        try (DuckDbEngine engine = new DuckDbEngine(lake, dir.resolve("work"), DuckDbEngine.Tables.COPY, clock)) {
            // as the copy first made them, from every file at once
            long states = eventStates(engine);
            List<Map<String, Object>> remediation = engine.remediation(byOrgAndMonth, DEADLINE);
            assertThat(states).isGreaterThan(200L);
            assertThat(remediation).isNotEmpty();

            // a replay or redelivery reports files the copy holds: each report reloads them at the next question
            Random random = new Random(7);
            for (int round = 1; round <= 40; round++) {
                List<String> reported = new ArrayList<>();
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    reported.add(findings.get(random.nextInt(findings.size())));
                }
                engine.filesChanged(reported);
                assertThat(eventStates(engine)).as("alert_event_states rows after reload %d, of %s", round, reported)
                        .isEqualTo(states);
                if (round % 20 == 0) {
                    SameRows.assertSame(remediation, engine.remediation(byOrgAndMonth, DEADLINE));
                    assertThat(rowsDifferingFromTheView(engine)).as("after reload %d", round).isZero();
                }
            }
        }
    }

    /**
     * The demo's deliveries, signed, and GitHub's example payloads sent again and again meanwhile, mapped and written
     * as the consumer flushes them: one Parquet file per partition a flush touches. A few hundred files, most of one
     * demo event; the examples' alerts have dozens of rows (redeliveries among them) in as many files, several in one.
     */
    private static void writeDemoLake(Path lake) throws IOException {
        Random random = new Random(42);
        List<List<Delivery>> flushes = new ArrayList<>();
        List<DemoDeliveries.Demo> demo = DemoDeliveries.generate(42, END, MONTHS);
        for (int from = 0; from < demo.size(); ) {
            List<Delivery> flush = new ArrayList<>();
            for (DemoDeliveries.Demo d : demo.subList(from, Math.min(demo.size(), from + 1 + random.nextInt(3)))) {
                flush.add(new Delivery(d.event(), d.deliveryId(), null, null, null, d.at().plusSeconds(2), d.body(),
                        SignatureVerifier.sign(SECRET, d.body())));
            }
            flushes.add(flush);
            from += flush.size();
        }
        // the examples, sent over and over while the demo loads: a flush holds up to two rounds of them
        Instant now = END.atStartOfDay().toInstant(ZoneOffset.UTC);
        List<Delivery> examples = new ArrayList<>();
        for (int copy = 0; copy < 20; copy++) {
            for (Fixtures.Webhook w : Fixtures.webhooks()) {
                String id = UUID.nameUUIDFromBytes((copy + w.name()).getBytes(StandardCharsets.UTF_8)).toString();
                examples.add(new Delivery(w.event(), id, null, null, null,
                        now.plusSeconds(examples.size()), w.body(), SignatureVerifier.sign(SECRET, w.body())));
            }
        }
        for (int from = 0; from < examples.size(); ) {
            int to = Math.min(examples.size(), from + 1 + random.nextInt(80));
            flushes.add(examples.subList(from, to));
            from = to;
        }
        OcsfMapper mapper = new OcsfMapper();
        int batch = 0;
        for (List<Delivery> flush : flushes) {
            Map<PartitionKey, List<GenericRecord>> partitions = new LinkedHashMap<>();
            Map<String, List<GenericRecord>> days = new TreeMap<>();
            for (Delivery d : flush) {
                Mapped mapped;
                try {
                    mapped = mapper.map(d);
                } catch (RuntimeException e) {
                    continue; // quarantined by the consumer
                }
                for (Mapped.Finding f : mapped.findings()) {
                    partitions.computeIfAbsent(f.partition(), p -> new ArrayList<>()).add(f.record());
                }
                for (Mapped.RepositoryRow r : mapped.repositories()) {
                    days.computeIfAbsent(r.day(), day -> new ArrayList<>()).add(r.record());
                }
            }
            String name = String.format("batch-%05d.parquet", ++batch);
            for (var e : partitions.entrySet()) {
                Path file = lake.resolve(LakePaths.FINDINGS + e.getKey().path()).resolve(name);
                Files.createDirectories(file.getParent());
                Files.write(file, ParquetFiles.write(FindingSchema.finding(), e.getValue()));
            }
            for (var e : days.entrySet()) {
                Path file = lake.resolve(LakePaths.REPOSITORIES + "day=" + e.getKey()).resolve(name);
                Files.createDirectories(file.getParent());
                Files.write(file, ParquetFiles.write(FindingSchema.repository(), e.getValue()));
            }
        }
    }

    private static List<String> findingsKeys(Path lake) throws IOException {
        try (Stream<Path> files = Files.walk(lake.resolve(LakePaths.FINDINGS))) {
            return files.filter(p -> p.toString().endsWith(".parquet")).map(p -> lake.relativize(p).toString())
                    .sorted().toList();
        }
    }

    /** Rows of the kept event states that the view's SQL over the copied findings would not give, and the reverse. */
    private static long rowsDifferingFromTheView(DuckDbEngine engine) {
        String fresh = "SELECT * FROM (" + SqlFiles.alertEventStates("") + ")";
        return (Long) engine.query("SELECT (SELECT count(*) FROM (SELECT * FROM alert_event_states EXCEPT ALL " + fresh
                + ")) + (SELECT count(*) FROM (" + fresh + " EXCEPT ALL SELECT * FROM alert_event_states)) AS n",
                List.of(), DEADLINE).get(0).get("n");
    }

    private static long eventStates(DuckDbEngine engine) {
        return (Long) engine.query("SELECT count(*) AS n FROM alert_event_states", List.of(), DEADLINE).get(0).get("n");
    }

    /** Remediation by org and calendar month over the demo's months, as of their end. */
    private static RemediationSql.Question byOrgAndMonth() {
        List<RemediationSql.Period> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(END.minusMonths(MONTHS)); m.isBefore(YearMonth.from(END)); m = m.plusMonths(1)) {
            months.add(new RemediationSql.Period(m.toString(),
                    m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
                    m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()));
        }
        return new RemediationSql.Question(EventSource.ALL, Filters.NONE,
                EnumSet.of(RemediationSql.Dimension.ORG, RemediationSql.Dimension.MONTH), months,
                END.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(), RemediationSql.Slas.DEFAULT);
    }
}
