package io.alertlake.deploy;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Glue tables Terraform creates must have exactly the columns of the Parquet the consumer writes. Both come
 * from the Avro schemas: this test renders terraform/glue_columns.tf.json from them and fails when the
 * committed file differs (the expected file is written to target/ to copy over).
 */
class GlueColumnsTest {

    @Test
    void glueColumnsEqualTheParquetSchema() throws Exception {
        ObjectNode root = Fixtures.JSON.createObjectNode();
        ObjectNode locals = root.putObject("locals");
        locals.set("findings_columns", columns(FindingSchema.finding()));
        locals.set("repositories_columns", columns(FindingSchema.repository()));
        ArrayNode keys = locals.putArray("findings_partition_keys");
        keys.add("class").add("org").add("repo").add("day");
        String expected = Fixtures.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(root) + "\n";
        Path generated = Path.of("target/glue_columns.tf.json");
        Files.writeString(generated, expected);
        assertThat(Files.readString(Path.of("terraform/glue_columns.tf.json")))
                .as("terraform/glue_columns.tf.json is out of date: copy " + generated)
                .isEqualTo(expected);
    }

    private static ArrayNode columns(org.apache.avro.Schema schema) {
        ArrayNode columns = Fixtures.JSON.createArrayNode();
        for (FindingSchema.Column c : FindingSchema.columns(schema)) {
            columns.addObject().put("name", c.name()).put("type", c.hiveType());
        }
        return columns;
    }
}
