package io.alertlake.deploy;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.PartitionKey;
import io.alertlake.testing.Fixtures;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Glue tables Terraform creates must have exactly the columns of the Parquet the consumer writes. Both come
 * from the Avro schemas: this test renders terraform/glue_columns.tf.json from them and fails when the
 * committed file differs (the expected file is written to target/ to copy over).
 */
class TerraformGlueColumnsTest {

    private static final Path SCHEMAS = Path.of("src/main/resources/ocsf");
    private static final Path COMMITTED = Path.of("terraform/glue_columns.tf.json");

    @BeforeAll
    static void schemasExist() {
        assumeTrue(Files.exists(SCHEMAS.resolve("finding.avsc")) && Files.exists(SCHEMAS.resolve("repository.avsc")),
                "no " + SCHEMAS + "/finding.avsc or repository.avsc yet: nothing to generate the Glue columns from");
    }

    @Test
    void glueColumnsEqualTheParquetSchema() throws Exception {
        String expected = render();
        Path generated = Path.of("target/glue_columns.tf.json");
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, expected);
        assertThat(Files.readString(COMMITTED))
                .as(COMMITTED + " is out of date: cp " + generated + " " + COMMITTED)
                .isEqualTo(expected);
    }

    @Test
    void theParquetWriterSeesTheSameTopLevelColumns() {
        // the writer converts the Avro schema to Parquet; a field it renamed or dropped would be a column
        // Athena never finds
        for (Schema avro : List.of(FindingSchema.finding(), FindingSchema.repository())) {
            List<String> parquet = new AvroSchemaConverter().convert(avro).getFields().stream().map(Type::getName).toList();
            assertThat(parquet).as(avro.getName())
                    .isEqualTo(FindingSchema.columns(avro).stream().map(FindingSchema.Column::name).toList());
        }
    }

    /** The Terraform JSON locals file: column lists of both tables and the findings partition keys. */
    static String render() throws Exception {
        ObjectNode root = Fixtures.JSON.createObjectNode();
        ObjectNode locals = root.putObject("locals");
        locals.set("findings_columns", columns(FindingSchema.finding()));
        locals.set("repositories_columns", columns(FindingSchema.repository()));
        ArrayNode keys = locals.putArray("findings_partition_keys");
        partitionKeys().forEach(keys::add);
        return Fixtures.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    /** The names of the key=value path segments the consumer writes below findings/, in order. */
    private static List<String> partitionKeys() {
        String path = new PartitionKey("c", "o", "r", "2024-01-01").path();
        return java.util.Arrays.stream(path.split("/")).map(segment -> segment.substring(0, segment.indexOf('='))).toList();
    }

    private static ArrayNode columns(Schema schema) {
        ArrayNode columns = Fixtures.JSON.createArrayNode();
        for (FindingSchema.Column c : FindingSchema.columns(schema)) {
            columns.addObject().put("name", c.name()).put("type", c.hiveType());
        }
        return columns;
    }
}
