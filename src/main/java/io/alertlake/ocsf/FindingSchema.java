package io.alertlake.ocsf;

import org.apache.avro.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one definition of the lake's record schemas ({@code ocsf/finding.avsc}, {@code ocsf/repository.avsc}).
 * The Parquet writer, the table definitions (Glue via Terraform, the SQL tables) and the test validator's
 * field list are all derived from these.
 */
public final class FindingSchema {

    public static final String OCSF_VERSION = "1.8.0";

    /**
     * The field property ({@code "parquet.dictionary": false}) by which the schemas mark a column whose every value is
     * new (a delivery's id, an event's times): the Parquet writer builds no dictionary for it, and mapped records do
     * not share its text.
     */
    public static final String DICTIONARY_PROPERTY = "parquet.dictionary";

    /** Whether the schema marks {@code field} as a column whose every value is new ({@link #DICTIONARY_PROPERTY}). */
    public static boolean everyValueNew(Schema.Field field) {
        return Boolean.FALSE.equals(field.getObjectProp(DICTIONARY_PROPERTY));
    }

    private static final Schema FINDING = load("/ocsf/finding.avsc");
    private static final Schema REPOSITORY = load("/ocsf/repository.avsc");

    private FindingSchema() {
    }

    public static Schema finding() {
        return FINDING;
    }

    public static Schema repository() {
        return REPOSITORY;
    }

    /** A table column: name and its Hive/Athena type, e.g. {@code struct<uid:string,...>}. */
    public record Column(String name, String hiveType) {
    }

    /** The top-level columns of a schema as Hive/Athena types, in schema order. */
    public static List<Column> columns(Schema schema) {
        List<Column> columns = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            columns.add(new Column(f.name(), hiveType(f.schema())));
        }
        return columns;
    }

    /** The Hive type of an Avro schema (nullable unions become their non-null branch). */
    public static String hiveType(Schema s) {
        return switch (s.getType()) {
            case UNION -> hiveType(s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL)
                    .findFirst().orElseThrow());
            case STRING, ENUM -> "string";
            case INT -> "int";
            case LONG -> "bigint";
            case DOUBLE -> "double";
            case FLOAT -> "float";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array<" + hiveType(s.getElementType()) + ">";
            case MAP -> "map<string," + hiveType(s.getValueType()) + ">";
            case RECORD -> s.getFields().stream().map(f -> f.name() + ":" + hiveType(f.schema()))
                    .collect(Collectors.joining(",", "struct<", ">"));
            default -> throw new IllegalArgumentException("no Hive type for " + s);
        };
    }

    private static Schema load(String resource) {
        try (InputStream in = FindingSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
