package io.alertlake.lake;

import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;

import java.util.Arrays;

/**
 * Parquet's own values writers (its {@link DefaultValuesWriterFactory}), but for the text columns that have a
 * dictionary: theirs first look a value up by its identity among the values they were given last. A file's
 * repeated texts reach the writer as one {@link Binary} each ({@link GenericRecordWriteSupport.Sink}), and Parquet's
 * dictionary hashes a value's every byte each time it is given one, a byte at a time: a rule's or an advisory's
 * description of kilobytes, at every record. The writers and their output are otherwise Parquet's, as the format's
 * first version writes them (the lake's files are version 1), which the tests comparing files with parquet-avro's
 * hold byte for byte.
 */
final class TextDictionaries implements ValuesWriterFactory {

    private final DefaultValuesWriterFactory parquets = new DefaultValuesWriterFactory();
    private ParquetProperties properties;

    @Override
    public void initialize(ParquetProperties properties) {
        this.properties = properties;
        parquets.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor column) {
        if (column.getPrimitiveType().getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY
                || !properties.isDictionaryEnabled(column)
                || properties.getWriterVersion() != ParquetProperties.WriterVersion.PARQUET_1_0) {
            return parquets.newValuesWriter(column);
        }
        // as Parquet's version 1 factory makes a text column's writer: a dictionary, falling back to plain values
        ByteBufferAllocator allocator = properties.getAllocator();
        return FallbackValuesWriter.of(
                new Dictionary(properties.getDictionaryPageSizeThreshold(), allocator),
                new PlainValuesWriter(properties.getInitialSlabSize(), properties.getPageSizeThreshold(), allocator));
    }

    /** Parquet's dictionary of texts, which first finds a value it was recently given by its identity. */
    static final class Dictionary extends PlainBinaryDictionaryValuesWriter {
        static final int RECENT = 256;

        private final Binary[] recent = new Binary[RECENT];
        private final int[] ids = new int[RECENT];

        Dictionary(int maxDictionaryByteSize, ByteBufferAllocator allocator) {
            super(maxDictionaryByteSize, Encoding.PLAIN_DICTIONARY, Encoding.PLAIN_DICTIONARY, allocator);
        }

        @Override
        public void writeBytes(Binary v) {
            if (v.isBackingBytesReused()) { // its bytes may change under the same object
                super.writeBytes(v);
                return;
            }
            int slot = System.identityHashCode(v) & (RECENT - 1);
            if (recent[slot] != v) {
                int id = binaryDictionaryContent.getInt(v);
                if (id == -1) { // a new value: as the dictionary's own writeBytes adds it
                    id = binaryDictionaryContent.size();
                    binaryDictionaryContent.put(v.copy(), id);
                    dictionaryByteSize += 4L + v.length();
                }
                recent[slot] = v;
                ids[slot] = id;
            }
            encodedValues.add(ids[slot]);
        }

        @Override
        protected void clearDictionaryContent() {
            super.clearDictionaryContent();
            Arrays.fill(recent, null); // their ids are gone with the dictionary
        }
    }
}
