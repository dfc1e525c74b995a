package io.alertlake.lake;

import io.alertlake.ocsf.FindingSchema;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes and reads ZSTD Parquet files in memory, without Hadoop: the files are small (one partition of one
 * flush) and go to S3 in a single PUT. Records are written sorted by {@code time}, which gives readers tight
 * min/max statistics to skip row groups by time.
 */
public final class ParquetFiles {

    /**
     * Files of fewer records are written without dictionary pages: a flush of a backlog spread over many days
     * writes mostly such files, and for them a dictionary page per column costs more bytes and CPU than it saves
     * (with this, the year-spread backlog of bench/consume/run.sh wrote 4 % fewer bytes, faster; see
     * docs/benchmarks.md). Larger files keep their dictionaries, which make them smaller.
     */
    static final int DICTIONARY_MIN_RECORDS = 64;

    /** Bytes kept of a text column's min and max in the statistics (Parquet's default for the column index). */
    static final int STATISTICS_TRUNCATE_LENGTH = 64;

    /**
     * The Avro field property that turns Parquet's dictionary off for a column whose every value is new (an event's
     * delivery id and times): Parquet would build a dictionary of all its values for each page and then, finding it
     * no smaller than the values, write them plain anyway — the same bytes, for a few per cent more of a file's CPU
     * (bench/consume/file.sh, docs/benchmarks.md).
     */
    static final String DICTIONARY_PROPERTY = FindingSchema.DICTIONARY_PROPERTY;

    /**
     * The Avro field property that leaves a column without min/max statistics: free text (descriptions, titles,
     * messages, links) that no question filters by range, whose 64-byte min and max in each column chunk and page
     * index were 4.5–6 % of a file's bytes (bench/consume/file.sh, docs/benchmarks.md).
     */
    static final String STATISTICS_PROPERTY = "parquet.statistics";

    /**
     * The footer key under which parquet-avro would store the Avro schema (AvroWriteSupport's, not public). The
     * lake's files leave it out: their readers (DuckDB, Athena, Trino) read the Parquet schema, and in the small
     * files of a backlog spread over many days the Avro schema of an OCSF finding (7.8 KB) was a fifth of the file.
     */
    static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

    /** The footer key of the writing model's name (ParquetWriter's, parquet-avro's files say "avro"). */
    static final String WRITER_MODEL_KEY = "writer.model.name";

    /** ParquetWriter's default row group size: the lake's files are far smaller, and have one row group. */
    static final long ROW_GROUP_SIZE = 128 * 1024 * 1024;

    /** ParquetWriter's default padding limit (unused: a file in memory has no block size to align row groups to). */
    private static final int MAX_PADDING_SIZE = 8 * 1024 * 1024;

    private ParquetFiles() {
    }

    /** One Parquet file of {@code records} (sorted by their {@code time} field when the schema has one). */
    public static byte[] write(Schema schema, List<GenericRecord> records) {
        Layout layout = layout(schema);
        return write(layout, records, new GenericRecordWriteSupport(layout.parquet(), layout.plan()), ROW_GROUP_SIZE);
    }

    /**
     * What puts records into a file: the calls parquet-hadoop's {@code ParquetWriter} makes on its
     * {@code WriteSupport}, with their signatures, so that any {@code WriteSupport} is one by declaring it (tests
     * compare parquet-avro's). Not {@code WriteSupport} itself: its abstract {@code init} takes Hadoop's
     * {@code Configuration}, which is not in the native image.
     */
    interface Support {
        WriteSupport.WriteContext init(ParquetConfiguration configuration);

        void prepareForWrite(RecordConsumer recordConsumer);

        void write(GenericRecord record);

        String getName();

        default WriteSupport.FinalizedWriteContext finalizeWrite() {
            return new WriteSupport.FinalizedWriteContext(new HashMap<>());
        }
    }

    /**
     * As {@link #write(Schema, List)}, the records put into the file by {@code support} (tests compare two) in row
     * groups of about {@code rowGroupSize} bytes (tests write several). Parquet's file writer is driven as its
     * {@code ParquetWriter} drives it, which gives the same bytes, without the builder: building one reaches
     * Hadoop's classes (its configuration, paths, codecs, the encryption lookup), which the native image leaves
     * out.
     */
    static byte[] write(Layout layout, List<GenericRecord> records, Support support, long rowGroupSize) {
        Schema.Field time = layout.avro().getField("time");
        List<GenericRecord> sorted = time == null ? records : byTime(records, time.pos());
        ParquetProperties.Builder properties = ParquetProperties.builder();
        for (String column : layout.withoutDictionary()) {
            properties.withDictionaryEncoding(column, false);
        }
        for (String column : layout.withoutStatistics()) {
            properties.withStatisticsEnabled(column, false);
        }
        ParquetProperties props = properties
                .withDictionaryEncoding(records.size() >= DICTIONARY_MIN_RECORDS)
                // page and chunk sizes of each column: metadata no reader of the lake uses
                .withSizeStatisticsEnabled(false)
                // min/max of a text column cut to a prefix (still a valid bound): whole descriptions twice over
                // in each column chunk's statistics made the footers of small files larger than their data
                .withStatisticsTruncateLength(STATISTICS_TRUNCATE_LENGTH)
                .build();
        Buffer buffer = new Buffer();
        WriteSupport.WriteContext context = support.init(new PlainParquetConfiguration());
        // no encryption properties: ParquetWriter looks them up in the configuration, which names no factory
        try (ParquetFileWriter file = new ParquetFileWriter(buffer, context.getSchema(), ParquetFileWriter.Mode.CREATE,
                rowGroupSize, MAX_PADDING_SIZE, null, props)) {
            file.start();
            RowGroups groups = new RowGroups(file, support, context.getSchema(), props, rowGroupSize);
            for (GenericRecord r : sorted) {
                groups.write(r);
            }
            groups.flush();
            // the footer's key/values as ParquetWriter's: the support's, its model name, what it adds at the end
            Map<String, String> footer = new HashMap<>(context.getExtraMetaData());
            if (support.getName() != null) {
                footer.put(WRITER_MODEL_KEY, support.getName());
            }
            footer.putAll(support.finalizeWrite().getExtraMetaData());
            file.end(footer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing Parquet failed", e);
        }
        return buffer.toByteArray();
    }

    /**
     * The records in order of their {@code time} field (at {@code position}), records of equal times in the order
     * given: each time, less the least, with its record's index in the low bits, sorted as primitives. A sort with a
     * comparator shares the JDK's TimSort with every other sort in the process, whose other comparators kept sending
     * its compiled code back to the JIT (JFR's deoptimization events, docs/benchmarks.md), and unboxed two times a
     * comparison. Times too far apart to leave room for the index are sorted with a comparator.
     */
    static List<GenericRecord> byTime(List<GenericRecord> records, int position) {
        int n = records.size();
        long[] keys = new long[n];
        long least = Long.MAX_VALUE;
        long most = Long.MIN_VALUE;
        boolean inOrder = true;
        for (int i = 0; i < n; i++) {
            long t = (Long) records.get(i).get(position);
            inOrder &= i == 0 || t >= keys[i - 1];
            keys[i] = t;
            least = Math.min(least, t);
            most = Math.max(most, t);
        }
        if (inOrder) {
            return records; // a flush of webhooks as they come: already in order
        }
        int indexBits = 32 - Integer.numberOfLeadingZeros(n - 1);
        long span = most - least; // negative when it overflows
        if (span < 0 || span >= 1L << (63 - indexBits)) {
            List<GenericRecord> sorted = new ArrayList<>(records);
            sorted.sort(Comparator.comparingLong(r -> (Long) r.get(position)));
            return sorted;
        }
        for (int i = 0; i < n; i++) {
            keys[i] = (keys[i] - least) << indexBits | i;
        }
        Arrays.sort(keys);
        long index = (1L << indexBits) - 1;
        List<GenericRecord> sorted = new ArrayList<>(n);
        for (long key : keys) {
            sorted.add(records.get((int) (key & index)));
        }
        return sorted;
    }

    /**
     * Row groups cut as parquet-hadoop's {@code InternalParquetRecordWriter} cuts them, its code without its
     * logging: every so many records the buffered size is checked, and a row group ends when it is within two
     * records of the row group size (or at the properties' record limit). The lake's files, far below 128 MB,
     * have one.
     */
    private static final class RowGroups {
        private final ParquetFileWriter file;
        private final Support support;
        private final MessageType schema;
        private final ParquetProperties props;
        private final long rowGroupSize;
        private long nextRowGroupSize;
        private long recordCount;
        private long nextSizeCheck;
        private ColumnWriteStore columns;
        private ColumnChunkPageWriteStore pages;
        private RecordConsumer consumer;

        RowGroups(ParquetFileWriter file, Support support, MessageType schema, ParquetProperties props,
                  long rowGroupSize) {
            this.file = file;
            this.support = support;
            this.schema = schema;
            this.props = props;
            this.rowGroupSize = rowGroupSize;
            this.nextRowGroupSize = rowGroupSize;
            start();
            this.nextSizeCheck = props.getMinRowCountForPageSizeCheck();
        }

        private void start() {
            pages = ColumnChunkPageWriteStore.builder()
                    .withCompressorProvider(column -> ZstdCodecs.INSTANCE.getCompressor(CompressionCodecName.ZSTD))
                    .withSchema(schema)
                    .withAllocator(props.getAllocator())
                    .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
                    .withPageWriteChecksumEnabled(props.getPageWriteChecksumEnabled())
                    .build();
            columns = props.newColumnWriteStore(schema, pages, pages);
            consumer = new ColumnIOFactory(false).getColumnIO(schema).getRecordWriter(columns);
            support.prepareForWrite(consumer);
        }

        void write(GenericRecord record) throws IOException {
            support.write(record);
            recordCount++;
            if (recordCount >= props.getRowGroupRowCountLimit()) {
                next();
            } else if (recordCount >= nextSizeCheck) {
                long buffered = columns.getBufferedSize();
                long recordSize = buffered / recordCount;
                if (buffered > nextRowGroupSize - 2 * recordSize) {
                    next();
                } else {
                    // halfway to where the row group would be full at this record size
                    nextSizeCheck = Math.min(
                            Math.max(props.getMinRowCountForPageSizeCheck(),
                                    (recordCount + (long) (nextRowGroupSize / (float) recordSize)) / 2),
                            recordCount + props.getMaxRowCountForPageSizeCheck());
                }
            }
        }

        private void next() throws IOException {
            flush();
            start();
            nextSizeCheck = Math.min(Math.max(props.getMinRowCountForPageSizeCheck(), recordCount / 2),
                    props.getMaxRowCountForPageSizeCheck());
        }

        /** Writes the buffered records as a row group, if there are any. */
        void flush() throws IOException {
            try {
                consumer.flush();
                if (recordCount > 0) {
                    file.startBlock(recordCount);
                    columns.flush();
                    pages.flushToFileWriter(file);
                    recordCount = 0;
                    file.endBlock();
                    nextRowGroupSize = Math.min(file.getNextRowGroupSize(), rowGroupSize);
                }
            } finally {
                columns.close();
                pages.close();
            }
        }
    }

    /**
     * What writing records of one Avro schema needs, worked out once per schema: its Parquet schema (as
     * parquet-avro converts it), the plan that puts records into it, and the columns marked off.
     */
    record Layout(Schema avro, MessageType parquet, GenericRecordWriteSupport.Fields plan,
                  List<String> withoutDictionary, List<String> withoutStatistics) {
    }

    private static final Map<Schema, Layout> LAYOUTS = new ConcurrentHashMap<>();

    static Layout layout(Schema schema) {
        return LAYOUTS.computeIfAbsent(schema, s -> {
            MessageType parquet = new AvroSchemaConverter(new PlainParquetConfiguration()).convert(s);
            return new Layout(s, parquet, GenericRecordWriteSupport.plan(s, parquet),
                    markedOff(s, DICTIONARY_PROPERTY), markedOff(s, STATISTICS_PROPERTY));
        });
    }

    /** The Parquet paths of the columns whose Avro field says {@code "<property>": false}. */
    static List<String> markedOff(Schema schema, String property) {
        List<String> columns = new ArrayList<>();
        collectMarkedOff(schema, "", property, columns);
        return List.copyOf(columns);
    }

    /**
     * Through records, nullable records and lists of records; a list's elements sit under {@code array} in the
     * Parquet path (parquet-avro's list structure, which the lake's files have always had).
     */
    private static void collectMarkedOff(Schema record, String prefix, String property, List<String> columns) {
        for (Schema.Field f : record.getFields()) {
            if (Boolean.FALSE.equals(f.getObjectProp(property))) {
                columns.add(prefix + f.name());
            }
            Schema type = GenericRecordWriteSupport.nonNull(f.schema(), f.name());
            String path = prefix + f.name() + ".";
            if (type.getType() == Schema.Type.ARRAY) {
                type = GenericRecordWriteSupport.nonNull(type.getElementType(), f.name());
                path += "array.";
            }
            if (type.getType() == Schema.Type.RECORD) {
                collectMarkedOff(type, path, property, columns);
            }
        }
    }

    /** Reads every record of a Parquet file (used by tests and tools). */
    public static List<GenericRecord> read(byte[] parquet) {
        List<GenericRecord> records = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new Input(parquet),
                        new PlainParquetConfiguration())
                .withDataModel(GenericData.get())
                .withCodecFactory(ZstdCodecs.INSTANCE)
                .build()) {
            GenericRecord r;
            while ((r = reader.read()) != null) {
                records.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading Parquet failed", e);
        }
        return records;
    }

    /** An {@link OutputFile} over a growing byte array (tests write their reference files into one too). */
    static final class Buffer implements OutputFile {
        final Bytes bytes = new Bytes(64 * 1024);

        byte[] toByteArray() {
            return bytes.toByteArray();
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new DelegatingPositionOutputStream(bytes) {
                @Override
                public long getPos() {
                    return bytes.size();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            bytes.reset();
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    /**
     * A growing byte array without {@link ByteArrayOutputStream}'s locking: Parquet's Thrift encoder writes page
     * headers and the footer a byte at a time, and the synchronized single-byte writes were 8 % of writing a
     * small file.
     */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes(int size) {
            super(size);
        }

        @Override
        public void write(int b) {
            if (count == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }
    }

    /** An {@link InputFile} over a byte array. */
    private record Input(byte[] data) implements InputFile {
        @Override
        public long getLength() {
            return data.length;
        }

        @Override
        public SeekableInputStream newStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(data);
            return new DelegatingSeekableInputStream(in) {
                private long pos;

                @Override
                public long getPos() {
                    return pos;
                }

                @Override
                public void seek(long newPos) {
                    in.reset();
                    in.skip(newPos);
                    pos = newPos;
                }

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        pos++;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        pos += n;
                    }
                    return n;
                }

                @Override
                public void readFully(byte[] bytes, int start, int len) throws IOException {
                    int done = 0;
                    while (done < len) {
                        int n = read(bytes, start + done, len - done);
                        if (n < 0) {
                            throw new java.io.EOFException();
                        }
                        done += n;
                    }
                }

                @Override
                public void readFully(byte[] bytes) throws IOException {
                    readFully(bytes, 0, bytes.length);
                }

                @Override
                public int read(java.nio.ByteBuffer buf) throws IOException {
                    byte[] tmp = new byte[buf.remaining()];
                    int n = read(tmp, 0, tmp.length);
                    if (n > 0) {
                        buf.put(tmp, 0, n);
                    }
                    return n;
                }

                @Override
                public void readFully(java.nio.ByteBuffer buf) throws IOException {
                    byte[] tmp = new byte[buf.remaining()];
                    readFully(tmp, 0, tmp.length);
                    buf.put(tmp);
                }
            };
        }
    }
}
