package io.alertlake.lake;

import io.alertlake.delivery.Delivery;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.testing.Fixtures;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParquetFilesTest {

    /** Findings of the alert fixtures, repeated under other delivery ids and times until there are {@code n}. */
    private static List<GenericRecord> findings(int n) {
        OcsfMapper mapper = new OcsfMapper();
        List<GenericRecord> all = new ArrayList<>();
        Instant received = Instant.parse("2026-11-20T08:00:00Z");
        while (all.size() < n) {
            for (Fixtures.Webhook f : Fixtures.webhooks()) {
                if (!f.event().endsWith("_alert") || all.size() == n) {
                    continue;
                }
                received = received.minusSeconds(3_600); // newest first: the file must sort them by time
                Delivery d = new Delivery(f.event(), "d-" + all.size(), null, null, null, received, f.body());
                mapper.map(d).findings().stream().map(Mapped.Finding::record).forEach(all::add);
            }
        }
        return all.subList(0, n);
    }

    @ParameterizedTest(name = "{0} records")
    @ValueSource(ints = {1, ParquetFiles.DICTIONARY_MIN_RECORDS - 1, ParquetFiles.DICTIONARY_MIN_RECORDS, 300})
    void aFileReadsBackAsItsRecordsInTimeOrderBelowAndAboveTheDictionaryThreshold(int n) {
        List<GenericRecord> written = findings(n);
        List<GenericRecord> read = ParquetFiles.read(ParquetFiles.write(FindingSchema.finding(), written));

        List<GenericRecord> expected = new ArrayList<>(written);
        expected.sort(Comparator.comparingLong(r -> (Long) r.get("time")));
        assertThat(read).hasSize(n);
        for (int i = 0; i < n; i++) {
            // Avro's string type reads back as Utf8: compare the records' JSON forms
            assertThat(read.get(i).toString()).isEqualTo(expected.get(i).toString());
        }
    }

    /** Rows of the repositories table, one a time, in the order given; each named by its index. */
    private static List<GenericRecord> rowsAt(long... times) {
        List<GenericRecord> rows = new ArrayList<>();
        for (long t : times) {
            org.apache.avro.generic.GenericData.Record r =
                    new org.apache.avro.generic.GenericData.Record(FindingSchema.repository());
            r.put("time", t);
            r.put("delivery_id", "d-" + rows.size());
            rows.add(r);
        }
        return rows;
    }

    /** The order a stable sort by time gives: the delivery ids. */
    private static List<Object> stableOrder(List<GenericRecord> rows) {
        return rows.stream().sorted(Comparator.comparingLong(r -> (Long) r.get("time")))
                .map(r -> r.get("delivery_id")).toList();
    }

    @org.junit.jupiter.api.Test
    void recordsAreOrderedByTimeEqualTimesAsGivenWithinADayAndAcrossAnyRangeOfTimes() {
        java.util.Random random = new java.util.Random(7);
        long[] day = new long[500];
        for (int i = 0; i < day.length; i++) { // a day's times, many of them equal
            day[i] = 1_763_596_800_000L + random.nextInt(2_000) * 43_200L;
        }
        long[] anyRange = {Long.MAX_VALUE, 0, Long.MIN_VALUE, 5, 0, -5, Long.MAX_VALUE, Long.MIN_VALUE};
        int time = FindingSchema.repository().getField("time").pos();
        for (long[] times : List.of(day, anyRange, new long[] {3, 1, 2}, new long[] {1, 1, 2, 2})) {
            List<GenericRecord> rows = rowsAt(times);

            List<Object> ordered = ParquetFiles.byTime(rows, time).stream().map(r -> r.get("delivery_id")).toList();

            assertThat(ordered).containsExactlyElementsOf(stableOrder(rows));
        }
    }

    /**
     * DuckDB (libzstd) reads the files too: small files' pages are stored in raw ZSTD blocks
     * ({@link ZstdCodecs#storedFrame}), larger pages compressed; both must be ZSTD any reader accepts.
     */
    @ParameterizedTest(name = "{0} records")
    @ValueSource(ints = {1, 300})
    void duckDbReadsTheFilesEventTimesAndDeliveryIds(int n, @TempDir Path dir) throws Exception {
        List<GenericRecord> written = findings(n);
        Path file = dir.resolve("findings.parquet");
        Files.write(file, ParquetFiles.write(FindingSchema.finding(), written));

        List<String> expected = written.stream()
                .sorted(Comparator.comparingLong(r -> (Long) r.get("time")))
                .map(r -> r.get("time") + " " + ((GenericRecord) r.get("metadata")).get("uid"))
                .toList();
        List<String> read = duckDb("SELECT CAST(time AS varchar) || ' ' || metadata.uid FROM read_parquet(?)", file);
        assertThat(read).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} records")
    @ValueSource(ints = {1, 300})
    void theFooterHoldsTheParquetSchemaOnlyNotTheAvroSchema(int n, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("findings.parquet");
        Files.write(file, ParquetFiles.write(FindingSchema.finding(), findings(n)));

        List<String> keys = duckDb("SELECT CAST(key AS varchar) FROM parquet_kv_metadata(?)", file);
        assertThat(keys).doesNotContain(ParquetFiles.AVRO_SCHEMA_KEY);
    }

    @ParameterizedTest(name = "{0} records")
    @ValueSource(ints = {1, 300})
    void textStatisticsKeepAPrefixOfTheMinAndMaxAndStillBoundTheValues(int n, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("findings.parquet");
        Files.write(file, ParquetFiles.write(FindingSchema.finding(), findings(n)));

        // the fixtures hold rule ids longer than the prefix (CodeQL's are paths of queries)
        assertThat(duckDb("SELECT CAST(max(strlen(unmapped.rule)) AS varchar) FROM read_parquet(?)",
                file)).allSatisfy(longest -> assertThat(Integer.parseInt(longest))
                        .isGreaterThan(ParquetFiles.STATISTICS_TRUNCATE_LENGTH));
        assertThat(duckDb("SELECT CAST(max(strlen(stats_min_value)) AS varchar) FROM parquet_metadata(?)",
                file)).containsExactly(String.valueOf(ParquetFiles.STATISTICS_TRUNCATE_LENGTH));
        // a filter between the column's true min and max skips nothing: the cut min and max still bound it
        String min = duckDb("SELECT min(unmapped.rule) FROM read_parquet(?)", file).get(0);
        String max = duckDb("SELECT max(unmapped.rule) FROM read_parquet(?)", file).get(0);
        assertThat(duckDb("SELECT CAST(count(*) AS varchar) FROM read_parquet(?) "
                + "WHERE unmapped.rule BETWEEN ? AND ?", file, min, max))
                .isEqualTo(duckDb("SELECT CAST(count(unmapped.rule) AS varchar) FROM read_parquet(?)", file));
        // free text has no statistics at all ("parquet.statistics": false), the rule keeps its own
        assertThat(duckDb("SELECT path_in_schema || ' ' || CAST(count(stats_min_value) > 0 AS varchar) "
                + "FROM parquet_metadata(?) WHERE path_in_schema IN ('finding_info, desc', 'message', "
                + "'unmapped, rule') GROUP BY path_in_schema ORDER BY 1", file))
                .containsExactly("finding_info, desc false", "message false", "unmapped, rule true");
    }

    @org.junit.jupiter.api.Test
    void theColumnsMarkedOffAreNamedAsParquetNamesThem() {
        var parquet = new org.apache.parquet.avro.AvroSchemaConverter(
                new org.apache.parquet.conf.PlainParquetConfiguration()).convert(FindingSchema.finding());
        List<String> withoutDictionary = ParquetFiles.markedOff(FindingSchema.finding(), ParquetFiles.DICTIONARY_PROPERTY);
        List<String> withoutStatistics = ParquetFiles.markedOff(FindingSchema.finding(), ParquetFiles.STATISTICS_PROPERTY);

        assertThat(withoutDictionary).containsExactlyInAnyOrder("time", "metadata.uid", "metadata.logged_time",
                "metadata.original_time", "unmapped.signature_key");
        // the Cwe type is defined once, in advisory.related_cwes, and marked there for its three places
        assertThat(withoutStatistics).containsExactlyInAnyOrder("comment", "message", "finding_info.title",
                "finding_info.desc", "finding_info.src_url", "vulnerabilities.array.title", "vulnerabilities.array.desc",
                "vulnerabilities.array.advisory.title", "vulnerabilities.array.advisory.desc",
                "vulnerabilities.array.advisory.src_url", "vulnerabilities.array.advisory.related_cwes.array.src_url",
                "vulnerabilities.array.cve.title", "vulnerabilities.array.cve.related_cwes.array.src_url",
                "vulnerabilities.array.cwe.src_url", "unmapped.signature_key");
        // a path Parquet does not know would leave the column as it was without a word
        assertThat(withoutDictionary).allSatisfy(c -> assertThat(parquet.containsPath(c.split("\\."))).as(c).isTrue());
        assertThat(withoutStatistics).allSatisfy(c -> assertThat(parquet.containsPath(c.split("\\."))).as(c).isTrue());
        assertThat(ParquetFiles.markedOff(FindingSchema.repository(), ParquetFiles.DICTIONARY_PROPERTY)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aFieldMarkedSoHasNoDictionaryWhereItsNeighbourHasOne(@TempDir Path dir) throws Exception {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [
                  {"name": "kept", "type": "string"},
                  {"name": "plain", "type": "string", "parquet.dictionary": false}]}""");
        List<GenericRecord> records = new ArrayList<>();
        for (int i = 0; i < ParquetFiles.DICTIONARY_MIN_RECORDS * 2; i++) {
            GenericRecord r = new org.apache.avro.generic.GenericData.Record(schema);
            r.put("kept", "severity " + i % 3); // a value repeated: a dictionary pays
            r.put("plain", "severity " + i % 3);
            records.add(r);
        }
        Path file = dir.resolve("r.parquet");
        Files.write(file, ParquetFiles.write(schema, records));

        assertThat(duckDb("SELECT path_in_schema || ' ' || CAST(dictionary_page_offset IS NOT NULL AS varchar) "
                + "FROM parquet_metadata(?) ORDER BY path_in_schema", file)).containsExactly("kept true", "plain false");
    }

    /** The first column of a query DuckDB runs over a file, with more parameters after it, as strings. */
    private static List<String> duckDb(String sql, Path file, String... more) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, file.toString());
            for (int i = 0; i < more.length; i++) {
                ps.setString(i + 2, more[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }
}
