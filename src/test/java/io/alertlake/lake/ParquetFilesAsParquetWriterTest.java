package io.alertlake.lake;

import io.alertlake.delivery.Delivery;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.testing.Fixtures;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ParquetFiles drives Parquet's file writer itself, not through parquet-hadoop's ParquetWriter (whose builder
 * reaches Hadoop's classes): its files must be the bytes ParquetWriter wrote ({@link ParquetWriterFiles}).
 */
class ParquetFilesAsParquetWriterTest {

    /** Findings and repository rows of the fixtures, mapped again under other delivery ids and times until there are {@code n} of each. */
    private static Records records(int n) {
        OcsfMapper mapper = new OcsfMapper();
        List<GenericRecord> findings = new ArrayList<>();
        List<GenericRecord> repositories = new ArrayList<>();
        Instant received = Instant.parse("2026-11-20T08:00:00Z");
        while (findings.size() < n || repositories.size() < n) {
            for (Fixtures.Webhook f : Fixtures.webhooks()) {
                if (f.event().endsWith("_alert") || f.event().equals("repository")) {
                    received = received.minusSeconds(3_600); // newest first: the file sorts them by time
                    Mapped m = mapper.map(new Delivery(f.event(), "d-" + findings.size() + "-" + repositories.size(),
                            null, null, null, received, f.body()));
                    m.findings().stream().map(Mapped.Finding::record).forEach(findings::add);
                    m.repositories().stream().map(Mapped.RepositoryRow::record).forEach(repositories::add);
                }
            }
        }
        return new Records(findings.subList(0, n), repositories.subList(0, n));
    }

    private record Records(List<GenericRecord> findings, List<GenericRecord> repositories) {
    }

    @ParameterizedTest(name = "{0} records")
    @ValueSource(ints = {1, ParquetFiles.DICTIONARY_MIN_RECORDS - 1, ParquetFiles.DICTIONARY_MIN_RECORDS, 200, 5000})
    void findingsAndRepositoryFilesAreTheBytesParquetWriterWroteAndReadBackAsTheRecords(int n) {
        Records records = records(n);

        assertSameBytesAndReadBack(FindingSchema.finding(), records.findings());
        assertSameBytesAndReadBack(FindingSchema.repository(), records.repositories());
    }

    /** A row group ends where ParquetWriter ended it: the lake's files have one, but the code cuts larger inputs. */
    @ParameterizedTest(name = "row groups of {0} bytes")
    @ValueSource(ints = {64 * 1024, 256 * 1024, 1024 * 1024})
    void largerInputsAreCutIntoTheRowGroupsParquetWriterCutThem(int rowGroupSize, @TempDir Path dir) throws Exception {
        List<GenericRecord> findings = records(5000).findings();
        ParquetFiles.Layout layout = ParquetFiles.layout(FindingSchema.finding());

        byte[] file = ParquetFiles.write(layout, findings,
                new GenericRecordWriteSupport(layout.parquet(), layout.plan()), rowGroupSize);

        assertThat(file).isEqualTo(ParquetWriterFiles.write(FindingSchema.finding(), findings, rowGroupSize));
        assertThat(rowGroups(file, dir)).isGreaterThan(1);
        assertThat(rowGroups(ParquetFiles.write(FindingSchema.finding(), findings), dir)).isEqualTo(1);
        assertReadBack(FindingSchema.finding(), findings, ParquetFiles.read(file));
    }

    /**
     * Any write support gives ParquetWriter's footer: parquet-avro's own, which puts the Avro schema among the
     * footer's key/values (the lake's files leave it out), and its model name.
     */
    @Test
    void parquetAvrosWriteSupportGivesParquetWritersFileAndFooterKeysToo() {
        List<GenericRecord> findings = records(ParquetFiles.DICTIONARY_MIN_RECORDS * 2).findings();
        ParquetFiles.Layout layout = ParquetFiles.layout(FindingSchema.finding());

        byte[] file = ParquetFiles.write(layout, findings, new AvroSupport(layout), ParquetFiles.ROW_GROUP_SIZE);

        assertThat(file).isEqualTo(ParquetWriterFiles.write(layout, findings, new AvroSupport(layout),
                ParquetFiles.ROW_GROUP_SIZE));
        assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains(ParquetFiles.AVRO_SCHEMA_KEY, "writer.model.name");
        assertThat(ParquetAvroFiles.write(FindingSchema.finding(), findings))
                .isEqualTo(ParquetWriterFiles.write(layout, findings,
                        new ParquetWriterFiles.Adapted(ParquetAvroFiles.support(layout)),
                        ParquetFiles.ROW_GROUP_SIZE));
    }

    @Test
    void noRecordsGiveParquetWritersEmptyFile() {
        assertThat(ParquetFiles.write(FindingSchema.finding(), List.of()))
                .isEqualTo(ParquetWriterFiles.write(FindingSchema.finding(), List.of(), ParquetFiles.ROW_GROUP_SIZE));
    }

    private static void assertSameBytesAndReadBack(Schema schema, List<GenericRecord> records) {
        byte[] file = ParquetFiles.write(schema, records);

        assertThat(file).as("%d records of %s", records.size(), schema.getName())
                .isEqualTo(ParquetWriterFiles.write(schema, records, ParquetFiles.ROW_GROUP_SIZE));
        assertReadBack(schema, records, ParquetFiles.read(file));
    }

    /** The records in time order (Avro's strings read back as Utf8: compared as JSON). */
    private static void assertReadBack(Schema schema, List<GenericRecord> written, List<GenericRecord> read) {
        List<GenericRecord> expected = new ArrayList<>(written);
        if (schema.getField("time") != null) {
            expected.sort(Comparator.comparingLong(r -> (Long) r.get("time")));
        }
        assertThat(read.stream().map(Object::toString))
                .containsExactlyElementsOf(expected.stream().map(Object::toString).toList());
    }

    private static int rowGroups(byte[] file, Path dir) throws Exception {
        Path path = Files.write(dir.resolve("f.parquet"), file);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(path),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            return reader.getRowGroups().size();
        }
    }

    /** parquet-avro's write support as is, Avro schema in the footer included. */
    private static final class AvroSupport extends AvroWriteSupport<GenericRecord> implements ParquetFiles.Support {
        AvroSupport(ParquetFiles.Layout layout) {
            super(layout.parquet(), layout.avro(), GenericData.get());
        }
    }
}
