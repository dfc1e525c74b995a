package io.alertlake.lake;

import io.alertlake.delivery.Delivery;
import io.alertlake.demo.DemoDeliveries;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.testing.Fixtures;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lake's own write support against parquet-avro's: the same records must give the same file, byte for byte. */
class GenericRecordWriteSupportTest {

    private static final OcsfMapper MAPPER = new OcsfMapper();

    /** Every alert fixture's findings and three seeds' synthetic deliveries of a year (all three alert kinds, every state). */
    private static List<Mapped> mapped() {
        List<Mapped> all = new ArrayList<>();
        Instant received = Instant.parse("2026-11-20T08:00:00Z");
        for (Fixtures.Webhook f : Fixtures.webhooks()) {
            if (f.event().endsWith("_alert") || f.event().equals("repository")) {
                all.add(MAPPER.map(new Delivery(f.event(), "f-" + all.size(), null, null, null, received, f.body())));
            }
        }
        for (long seed = 1; seed <= 3; seed++) {
            for (DemoDeliveries.Demo d : DemoDeliveries.generate(seed, LocalDate.parse("2026-11-01"), 12)) {
                all.add(MAPPER.map(new Delivery(d.event(), d.deliveryId(), null, null, null, d.at(), d.body())));
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0} records a file")
    @ValueSource(ints = {1, ParquetFiles.DICTIONARY_MIN_RECORDS - 1, ParquetFiles.DICTIONARY_MIN_RECORDS, 400})
    void findingsFilesAreTheBytesParquetAvroWrites(int perFile) {
        List<GenericRecord> findings = mapped().stream()
                .flatMap(m -> m.findings().stream()).map(Mapped.Finding::record).toList();
        assertThat(findings).hasSizeGreaterThan(perFile * 2);

        for (int from = 0; from + perFile <= findings.size(); from += perFile) {
            assertSameBytes(FindingSchema.finding(), findings.subList(from, from + perFile));
        }
    }

    @Test
    void repositoryFilesAreTheBytesParquetAvroWrites() {
        List<GenericRecord> repositories = mapped().stream()
                .flatMap(m -> m.repositories().stream()).map(Mapped.RepositoryRow::record).toList();
        assertThat(repositories).isNotEmpty();

        assertSameBytes(FindingSchema.repository(), repositories);
    }

    private static final Schema EVERY_KIND = new Schema.Parser().parse("""
            {"type": "record", "name": "Every", "fields": [
              {"name": "s", "type": "string"},
              {"name": "ns", "type": ["null", "string"]},
              {"name": "i", "type": "int"}, {"name": "l", "type": ["null", "long"]},
              {"name": "d", "type": ["null", "double"]}, {"name": "b", "type": ["null", "boolean"]},
              {"name": "texts", "type": ["null", {"type": "array", "items": "string"}]},
              {"name": "inner", "type": ["null", {"type": "record", "name": "Inner", "fields": [
                {"name": "n", "type": ["null", "int"]},
                {"name": "parts", "type": {"type": "array", "items": {"type": "record", "name": "Part", "fields": [
                  {"name": "p", "type": ["null", "string"]}]}}}]}]}]}""");

    @Test
    void everyPlannedKindOfValueNullsAndEmptyListsIncludedIsWrittenAsParquetAvroWritesIt() {
        Schema inner = EVERY_KIND.getField("inner").schema().getTypes().get(1);
        Schema part = inner.getField("parts").schema().getElementType();
        List<GenericRecord> records = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            GenericRecord r = new GenericData.Record(EVERY_KIND);
            r.put("s", "ünïcödé " + i % 7);
            r.put("ns", i % 3 == 0 ? null : new org.apache.avro.util.Utf8("utf8 " + i % 5));
            r.put("i", i);
            r.put("l", i % 4 == 0 ? null : (long) i << 33);
            r.put("d", i % 5 == 0 ? null : i / 7.0);
            r.put("b", i % 6 == 0 ? null : i % 2 == 0);
            r.put("texts", i % 4 == 1 ? null : List.of("a", "b").subList(0, i % 3 == 0 ? 0 : 1 + i % 2));
            if (i % 3 != 2) {
                GenericRecord in = new GenericData.Record(inner);
                in.put("n", i % 2 == 0 ? null : i);
                List<GenericRecord> parts = new ArrayList<>();
                for (int k = 0; k < i % 4; k++) {
                    GenericRecord p = new GenericData.Record(part);
                    p.put("p", k == 1 ? null : "part " + k);
                    parts.add(p);
                }
                in.put("parts", parts);
                r.put("inner", in);
            }
            records.add(r);
        }

        assertSameBytes(EVERY_KIND, records.subList(0, 10));
        assertSameBytes(EVERY_KIND, records);
        assertThat(ParquetFiles.read(ParquetFiles.write(EVERY_KIND, records)).stream().map(Object::toString))
                .containsExactlyElementsOf(records.stream().map(Object::toString).toList());
    }

    @Test
    void aRequiredFieldWithoutAValueFailsNamingTheField() {
        GenericRecord r = new GenericData.Record(EVERY_KIND);
        r.put("i", 1);

        assertThatThrownBy(() -> ParquetFiles.write(EVERY_KIND, List.of(r)))
                .hasStackTraceContaining("no value for the required field s");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"type\": \"map\", \"values\": \"string\"}",
            "{\"type\": \"enum\", \"name\": \"E\", \"symbols\": [\"A\"]}",
            "[\"null\", \"string\", \"long\"]",
            "{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}",
            "{\"type\": \"array\", \"items\": [\"null\", \"string\"]}"})
    void aSchemaOutsideThePlanIsRefusedBeforeAnythingIsWritten(String type) {
        Schema schema = new Schema.Parser().parse(
                "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"f\", \"type\": " + type + "}]}");
        var parquet = new AvroSchemaConverter(new PlainParquetConfiguration()).convert(schema);

        assertThatThrownBy(() -> GenericRecordWriteSupport.plan(schema, parquet))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f");
    }

    /**
     * A file's texts are encoded once per text, by identity, in a table of fixed size: the same text again, an equal
     * text in another {@code String}, more texts than the table has slots, and texts too many for a dictionary page
     * (Parquet then writes the column's values plain) must all give parquet-avro's file.
     */
    @ParameterizedTest(name = "repository names of {0} characters")
    @ValueSource(ints = {10, 300})
    void textsThatRepeatAndTextsThatTakeEachOthersSlotsGiveTheSameFile(int length) {
        String org = "octo-org";
        String action = "renamed";
        List<GenericRecord> rows = new ArrayList<>();
        for (int i = 0; i < 3 * GenericRecordWriteSupport.Sink.TEXTS; i++) {
            GenericData.Record r = new GenericData.Record(FindingSchema.repository());
            r.put("repository_id", (long) i);
            r.put("org", i % 2 == 0 ? org : new String(org)); // the same text, and an equal one
            // more texts than slots; at 300 characters, more than a dictionary page holds (1 MiB)
            r.put("repo", ("repo-" + i % (2 * GenericRecordWriteSupport.Sink.TEXTS) + "-").repeat(length / 10));
            r.put("event", "repository");
            r.put("action", action);
            r.put("time", 1_763_596_800_000L + i);
            r.put("received_time", 1_763_596_800_000L + i);
            r.put("delivery_id", "d-" + i);
            rows.add(r);
        }

        assertSameBytes(FindingSchema.repository(), rows);
        assertThat(ParquetFiles.read(ParquetFiles.write(FindingSchema.repository(), rows)).stream()
                .map(r -> r.get("org") + "/" + r.get("repo")))
                .containsExactlyElementsOf(rows.stream().map(r -> r.get("org") + "/" + r.get("repo")).toList());
    }

    private static void assertSameBytes(Schema schema, List<GenericRecord> records) {
        assertThat(ParquetFiles.write(schema, records)).as("%d records of %s", records.size(), schema.getName())
                .isEqualTo(ParquetAvroFiles.write(schema, records));
    }
}
