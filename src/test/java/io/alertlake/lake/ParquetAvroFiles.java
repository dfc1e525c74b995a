package io.alertlake.lake;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Files written as {@link ParquetFiles#write} writes them but with parquet-avro's own write support in place of
 * {@link GenericRecordWriteSupport}: the reference the tests compare the lake's files with, byte for byte, and
 * the benchmark its CPU time.
 */
public final class ParquetAvroFiles {

    private ParquetAvroFiles() {
    }

    public static byte[] write(Schema schema, List<GenericRecord> records) {
        ParquetFiles.Layout layout = ParquetFiles.layout(schema);
        return ParquetFiles.write(layout, records, support(layout), ParquetFiles.ROW_GROUP_SIZE);
    }

    /** parquet-avro's write support for records of {@code layout} (ParquetWriter's as ParquetWriterFiles.Adapted). */
    static WithoutAvroSchema support(ParquetFiles.Layout layout) {
        return new WithoutAvroSchema(new AvroWriteSupport<>(layout.parquet(), layout.avro(), GenericData.get()));
    }

    /** parquet-avro's write support, minus the Avro schema it puts in the footer (the lake's files have none). */
    static final class WithoutAvroSchema implements ParquetFiles.Support {
        private final AvroWriteSupport<GenericRecord> avro;

        WithoutAvroSchema(AvroWriteSupport<GenericRecord> avro) {
            this.avro = avro;
        }

        @Override
        public WriteSupport.WriteContext init(ParquetConfiguration conf) {
            WriteSupport.WriteContext context = avro.init(conf);
            Map<String, String> metadata = new HashMap<>(context.getExtraMetaData());
            metadata.remove(ParquetFiles.AVRO_SCHEMA_KEY);
            return new WriteSupport.WriteContext(context.getSchema(), metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            avro.prepareForWrite(recordConsumer);
        }

        @Override
        public void write(GenericRecord record) {
            avro.write(record);
        }

        @Override
        public String getName() {
            return avro.getName();
        }
    }
}
