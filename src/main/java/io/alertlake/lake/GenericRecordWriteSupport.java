package io.alertlake.lake;

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
    private RecordConsumer out;

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
        this.out = recordConsumer;
    }

    @Override
    public void write(GenericRecord record) {
        out.startMessage();
        plan.write(out, record);
        out.endMessage();
    }

    /** How one kind of value goes into the record consumer. */
    interface Writer {
        void write(RecordConsumer out, Object value);
    }

    /** A record's fields in order: a null is left out (an optional field's absence), a value written. */
    record Fields(String[] names, boolean[] required, Writer[] writers) {
        void write(RecordConsumer out, Object value) {
            IndexedRecord record = (IndexedRecord) value;
            for (int i = 0; i < writers.length; i++) {
                Object v = record.get(i);
                if (v != null) {
                    out.startField(names[i], i);
                    writers[i].write(out, v);
                    out.endField(names[i], i);
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
            writers[i] = writer(nonNull(avroFields.get(i).schema(), avroFields.get(i).name()), type);
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

    private static Writer writer(Schema avro, Type parquet) {
        if (avro.getLogicalType() != null) {
            throw new IllegalArgumentException(parquet.getName() + ": logical types are not planned");
        }
        return switch (avro.getType()) {
            case STRING -> (out, v) -> out.addBinary(utf8(v));
            case BOOLEAN -> (out, v) -> out.addBoolean((Boolean) v);
            case INT -> (out, v) -> out.addInteger(((Number) v).intValue());
            case LONG -> (out, v) -> out.addLong(((Number) v).longValue());
            case DOUBLE -> (out, v) -> out.addDouble(((Number) v).doubleValue());
            case RECORD -> {
                Fields fields = plan(avro, parquet.asGroupType());
                yield (out, v) -> {
                    out.startGroup();
                    fields.write(out, v);
                    out.endGroup();
                };
            }
            case ARRAY -> list(avro, parquet.asGroupType());
            default -> throw new IllegalArgumentException(parquet.getName() + ": " + avro.getType()
                    + " is not planned");
        };
    }

    /** parquet-avro's two-level list: a group holding the repeated field {@code array}, absent when empty. */
    private static Writer list(Schema avro, GroupType parquet) {
        Type repeated = parquet.getType(0);
        if (parquet.getFieldCount() != 1 || !repeated.isRepetition(Type.Repetition.REPEATED)
                || !repeated.getName().equals("array") || avro.getElementType().isUnion()) {
            throw new IllegalArgumentException(parquet.getName() + ": only two-level lists of non-null elements "
                    + "are planned");
        }
        Writer element = writer(avro.getElementType(), repeated);
        String name = repeated.getName();
        return (out, v) -> {
            List<?> elements = (List<?>) v;
            out.startGroup();
            if (!elements.isEmpty()) {
                out.startField(name, 0);
                for (Object e : elements) {
                    element.write(out, e);
                }
                out.endField(name, 0);
            }
            out.endGroup();
        };
    }

    /** A string's UTF-8 bytes, in a {@link Binary} over a plain array (cheaper to hash and compare). */
    private static Binary utf8(Object value) {
        if (value instanceof Utf8 utf8) {
            return Binary.fromReusedByteArray(utf8.getBytes(), 0, utf8.getByteLength()); // Utf8 may be reused
        }
        return Binary.fromConstantByteArray(value.toString().getBytes(StandardCharsets.UTF_8));
    }
}
