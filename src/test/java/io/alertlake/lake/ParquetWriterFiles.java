package io.alertlake.lake;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Files written as {@link ParquetFiles#write} wrote them through parquet-hadoop's {@link ParquetWriter}, before it
 * drove Parquet's file writer itself (the builder reaches Hadoop's classes, which the native image leaves out): the
 * reference its files must equal byte for byte. The code is ParquetFiles' of then, with the row group size a
 * parameter.
 */
final class ParquetWriterFiles {

    private ParquetWriterFiles() {
    }

    /** The file ParquetWriter writes of {@code records} with the lake's own write support. */
    static byte[] write(Schema schema, List<GenericRecord> records, long rowGroupSize) {
        ParquetFiles.Layout layout = ParquetFiles.layout(schema);
        return write(layout, records, new Adapted(new GenericRecordWriteSupport(layout.parquet(), layout.plan())),
                rowGroupSize);
    }

    static byte[] write(ParquetFiles.Layout layout, List<GenericRecord> records, WriteSupport<GenericRecord> support,
                        long rowGroupSize) {
        List<GenericRecord> sorted = new ArrayList<>(records);
        Schema.Field time = layout.avro().getField("time");
        if (time != null) {
            int position = time.pos();
            sorted.sort(Comparator.comparingLong(r -> (Long) r.get(position)));
        }
        ParquetFiles.Buffer buffer = new ParquetFiles.Buffer();
        WriterBuilder builder = new WriterBuilder(buffer, support).withConf(new PlainParquetConfiguration());
        for (String column : layout.withoutDictionary()) {
            builder.withDictionaryEncoding(column, false);
        }
        for (String column : layout.withoutStatistics()) {
            builder.withStatisticsEnabled(column, false);
        }
        try (ParquetWriter<GenericRecord> writer = builder
                .withCodecFactory(ZstdCodecs.INSTANCE)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withDictionaryEncoding(records.size() >= ParquetFiles.DICTIONARY_MIN_RECORDS)
                .withSizeStatisticsEnabled(false)
                .withStatisticsTruncateLength(ParquetFiles.STATISTICS_TRUNCATE_LENGTH)
                .withRowGroupSize(rowGroupSize)
                .build()) {
            for (GenericRecord r : sorted) {
                writer.write(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing Parquet failed", e);
        }
        return buffer.toByteArray();
    }

    /** The lake's write support as the {@link WriteSupport} ParquetWriter takes. */
    static final class Adapted extends WriteSupport<GenericRecord> {
        private final ParquetFiles.Support support;

        Adapted(ParquetFiles.Support support) {
            this.support = support;
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return support.init(configuration);
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            throw new UnsupportedOperationException("written without Hadoop");
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            support.prepareForWrite(recordConsumer);
        }

        @Override
        public void write(GenericRecord record) {
            support.write(record);
        }

        @Override
        public String getName() {
            return support.getName();
        }

        @Override
        public FinalizedWriteContext finalizeWrite() {
            return support.finalizeWrite();
        }
    }

    private static final class WriterBuilder extends ParquetWriter.Builder<GenericRecord, WriterBuilder> {
        private final WriteSupport<GenericRecord> support;

        WriterBuilder(OutputFile file, WriteSupport<GenericRecord> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected WriterBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<GenericRecord> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }

        @Override
        protected WriteSupport<GenericRecord> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            throw new UnsupportedOperationException("written without Hadoop");
        }
    }
}
