package io.alertlake.query;

import io.alertlake.lake.LakePaths;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.PartitionKey;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The lake's tables for Trino's Hive connector: external Parquet tables over {@code findings/} and
 * {@code repositories/}, with their columns derived from {@link FindingSchema} (as the Glue tables of Terraform
 * are) and the lake layout's Hive partition keys. Each statement takes the table's location as its one bound
 * parameter.
 */
public final class TrinoTables {

    /**
     * A table: its name, its CREATE statement, where below the lake root its files live, and the statement that
     * registers the partition folders the consumer wrote since (procedure arguments cannot be bound parameters,
     * so the table name is written into it).
     */
    public record Table(String name, String createStatement, String folder, String syncPartitionsStatement) {
    }

    public static final List<Table> TABLES = List.of(
            table("findings", FindingSchema.finding(), PartitionKey.names(), LakePaths.FINDINGS),
            table("repositories", FindingSchema.repository(), List.of("day"), LakePaths.REPOSITORIES));

    private TrinoTables() {
    }

    static Table table(String name, Schema schema, List<String> partitionKeys, String folder) {
        List<String> columns = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            columns.add(quoted(f.name()) + " " + trinoType(f.schema()));
        }
        // Hive puts partition keys last, as varchar: the path segments they are read from
        for (String key : partitionKeys) {
            columns.add(quoted(key) + " varchar");
        }
        String keys = partitionKeys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
        String sql = "CREATE TABLE IF NOT EXISTS " + name + " (\n    " + String.join(",\n    ", columns) + "\n)\n"
                + "WITH (external_location = ?, format = 'PARQUET', partitioned_by = ARRAY[" + keys + "])";
        String sync = "CALL system.sync_partition_metadata(current_schema, '" + name + "', 'FULL')";
        return new Table(name, sql, folder, sync);
    }

    /** The Trino type of an Avro schema (nullable unions become their non-null branch), as Hive reads Parquet. */
    static String trinoType(Schema s) {
        return switch (s.getType()) {
            case UNION -> trinoType(s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL)
                    .findFirst().orElseThrow());
            case STRING, ENUM -> "varchar";
            case INT -> "integer";
            case LONG -> "bigint";
            case DOUBLE -> "double";
            case FLOAT -> "real";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array(" + trinoType(s.getElementType()) + ")";
            case MAP -> "map(varchar, " + trinoType(s.getValueType()) + ")";
            case RECORD -> s.getFields().stream().map(f -> quoted(f.name()) + " " + trinoType(f.schema()))
                    .collect(Collectors.joining(", ", "row(", ")"));
            default -> throw new IllegalArgumentException("no Trino type for " + s);
        };
    }

    // OCSF names such as time, desc and type are reserved words in Trino
    private static String quoted(String name) {
        return "\"" + name + "\"";
    }
}
