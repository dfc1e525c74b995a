package io.alertlake.lake;

import io.alertlake.ocsf.FindingSchema;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes Avro generic records to Parquet as parquet-avro's {@code AvroWriteSupport} does — the same columns, levels
 * and values, so the same files byte for byte (GenericRecordWriteSupportTest) — from a plan made once per schema. parquet-avro
 * works the plan out again for every value (the nullable union's branch, its logical type, which writer) and
 * wraps every string in a {@code ByteBuffer}: 28 % of the mapping and writing threads' samples in a profile of the
 * consumer's flush loop. Each record beyond a file's fixed cost now takes ~18 % less CPU to write
 * (bench/consume/file.sh with PARQUET_AVRO=true, docs/benchmarks.md).
 *
 * <p>The plan covers the lake's schemas: records, unions of null and one type, lists in parquet-avro's two-level
 * form (the {@code array} field every file of the lake has), strings, booleans, ints, longs, doubles, without
 * logical types. Any other schema is refused when the plan is made, not half-written. The footer gets no Avro
 * schema (see {@link ParquetFiles}); the writer's model name stays "avro", as parquet-avro's files say.
 */
final class GenericRecordWriteSupport implements ParquetFiles.Support {

    private final MessageType parquetSchema;
    private final Fields plan;
    private Sink out;

    GenericRecordWriteSupport(MessageType parquetSchema, Fields plan) {
        this.parquetSchema = parquetSchema;
        this.plan = plan;
    }

    @Override
    public WriteSupport.WriteContext init(ParquetConfiguration configuration) {
        return new WriteSupport.WriteContext(parquetSchema, Map.of());
    }

    @Override
    public String getName() {
        return "avro";
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = new Sink(recordConsumer);
    }

    @Override
    public void write(GenericRecord record) {
        out.values.startMessage();
        plan.write(out, record);
        out.values.endMessage();
    }

    /**
     * Where one file's values go: its record consumer, and the UTF-8 bytes of the texts last written to it, by the
     * text's identity. Mapped records share their repeated texts ({@code ocsf.SharedText}), so a text that comes
     * again is the same {@code String}: it is encoded once, and its bytes, the same array, are found equal to its
     * dictionary entry without Parquet's byte-by-byte comparison. A fixed table of {@link #TEXTS} slots: a file's
     * memory does not grow with its texts, and a text that finds its slot taken is encoded again. Files of 1,000
     * records took 2.5–7.6 % less CPU; files of 200, the same (docs/benchmarks.md).
     */
    static final class Sink {
        static final int TEXTS = 2048;

        final RecordConsumer values;
        private final String[] texts = new String[TEXTS];
        private final Binary[] bytes = new Binary[TEXTS];

        Sink(RecordConsumer values) {
            this.values = values;
        }

        /** The bytes of a text that repeats in the file (a column with a dictionary). */
        Binary repeated(Object value) {
            if (!(value instanceof String text)) {
                return utf8(value);
            }
            int slot = System.identityHashCode(text) & (TEXTS - 1);
            if (texts[slot] != text) {
                texts[slot] = text;
                bytes[slot] = utf8(text);
            }
            return bytes[slot];
        }
    }

    /** How one kind of value goes into a file. */
    interface Writer {
        void write(Sink out, Object value);
    }

    /** A record's fields in order: a null is left out (an optional field's absence), a value written. */
    record Fields(String[] names, boolean[] required, Writer[] writers) {
        void write(Sink out, Object value) {
            IndexedRecord record = (IndexedRecord) value;
            for (int i = 0; i < writers.length; i++) {
                Object v = record.get(i);
                if (v != null) {
                    out.values.startField(names[i], i);
                    writers[i].write(out, v);
                    out.values.endField(names[i], i);
                } else if (required[i]) {
                    throw new IllegalArgumentException("no value for the required field " + names[i]);
                }
            }
        }
    }

    /** The plan for records of {@code avro}, whose Parquet form is {@code parquet}. */
    static Fields plan(Schema avro, GroupType parquet) {
        List<Schema.Field> avroFields = avro.getFields();
        if (avroFields.size() != parquet.getFieldCount()) {
            throw new IllegalArgumentException("the Parquet schema of " + avro.getFullName() + " has "
                    + parquet.getFieldCount() + " fields, the Avro schema " + avroFields.size());
        }
        String[] names = new String[avroFields.size()];
        boolean[] required = new boolean[names.length];
        Writer[] writers = new Writer[names.length];
        for (int i = 0; i < names.length; i++) {
            Type type = parquet.getType(i);
            names[i] = type.getName();
            required[i] = type.isRepetition(Type.Repetition.REQUIRED);
            Schema.Field field = avroFields.get(i);
            boolean repeats = !FindingSchema.everyValueNew(field); // else no dictionary, and its texts do not repeat
            writers[i] = writer(nonNull(field.schema(), field.name()), type, repeats);
        }
        return new Fields(names, required, writers);
    }

    /** The type a field of type {@code schema} holds when not null; {@code name} for the error otherwise. */
    static Schema nonNull(Schema schema, String name) {
        if (schema.isUnion()) {
            List<Schema> branches = schema.getTypes();
            if (branches.size() != 2 || !branches.contains(Schema.create(Schema.Type.NULL))) {
                throw new IllegalArgumentException(name + ": only unions of null and one type are planned");
            }
            return branches.get(0).getType() == Schema.Type.NULL ? branches.get(1) : branches.get(0);
        }
        return schema;
    }

    private static Writer writer(Schema avro, Type parquet, boolean repeats) {
        if (avro.getLogicalType() != null) {
            throw new IllegalArgumentException(parquet.getName() + ": logical types are not planned");
        }
        return switch (avro.getType()) {
            case STRING -> repeats ? (out, v) -> out.values.addBinary(out.repeated(v))
                    : (out, v) -> out.values.addBinary(utf8(v));
            case BOOLEAN -> (out, v) -> out.values.addBoolean((Boolean) v);
            case INT -> (out, v) -> out.values.addInteger(((Number) v).intValue());
            case LONG -> (out, v) -> out.values.addLong(((Number) v).longValue());
            case DOUBLE -> (out, v) -> out.values.addDouble(((Number) v).doubleValue());
            case RECORD -> {
                Fields fields = plan(avro, parquet.asGroupType());
                yield (out, v) -> {
                    out.values.startGroup();
                    fields.write(out, v);
                    out.values.endGroup();
                };
            }
            case ARRAY -> list(avro, parquet.asGroupType(), repeats);
            default -> throw new IllegalArgumentException(parquet.getName() + ": " + avro.getType()
                    + " is not planned");
        };
    }

    /** parquet-avro's two-level list: a group holding the repeated field {@code array}, absent when empty. */
    private static Writer list(Schema avro, GroupType parquet, boolean repeats) {
        Type repeated = parquet.getType(0);
        if (parquet.getFieldCount() != 1 || !repeated.isRepetition(Type.Repetition.REPEATED)
                || !repeated.getName().equals("array") || avro.getElementType().isUnion()) {
            throw new IllegalArgumentException(parquet.getName() + ": only two-level lists of non-null elements "
                    + "are planned");
        }
        Writer element = writer(avro.getElementType(), repeated, repeats);
        String name = repeated.getName();
        return (out, v) -> {
            List<?> elements = (List<?>) v;
            out.values.startGroup();
            if (!elements.isEmpty()) {
                out.values.startField(name, 0);
                for (Object e : elements) {
                    element.write(out, e);
                }
                out.values.endField(name, 0);
            }
            out.values.endGroup();
        };
    }

    /** A text's UTF-8 bytes, in a {@link Binary} over a plain array (cheaper to hash and compare). */
    private static Binary utf8(Object value) {
        if (value instanceof Utf8 utf8) {
            return Binary.fromReusedByteArray(utf8.getBytes(), 0, utf8.getByteLength()); // Utf8 may be reused
        }
        return Binary.fromConstantByteArray(value.toString().getBytes(StandardCharsets.UTF_8));
    }
}
