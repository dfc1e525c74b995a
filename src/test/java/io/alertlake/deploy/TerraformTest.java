package io.alertlake.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks terraform/ with HashiCorp's own HCL parser (npm {@code @cdktf/hcl2json}, installed by {@code npm ci};
 * {@code terraform} itself cannot run here — the workflow runs fmt, validate and tflint).
 */
class TerraformTest {

    private static final Path TERRAFORM = Path.of("terraform");
    private static Map<String, JsonNode> parsed;
    private static Map<String, String> texts;

    @BeforeAll
    static void parseEveryFile() throws Exception {
        assertThat(Path.of("node_modules/@cdktf/hcl2json")).as("run `npm ci` first (the CI script does)").exists();
        List<String> command = new ArrayList<>(List.of("node", "src/test/resources/terraform/hcl2json.mjs"));
        texts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(TERRAFORM)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
                command.add(p.toString());
                texts.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor()).as(err).isZero();
        parsed = new TreeMap<>();
        Fixtures.JSON.readTree(out).fields().forEachRemaining(e -> parsed.put(e.getKey(), e.getValue()));
        assertThat(parsed).hasSize(texts.size());
    }

    private static List<Map.Entry<String, JsonNode>> resources(String type) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        for (JsonNode file : parsed.values()) {
            JsonNode byName = file.path("resource").path(type);
            byName.fields().forEachRemaining(e -> found.add(Map.entry(e.getKey(), e.getValue().get(0))));
        }
        return found;
    }

    @Test
    void everyFileParses() {
        parsed.forEach((file, json) -> assertThat(json.has("error")).as(file + ": " + json.path("error")).isFalse());
    }

    @Test
    void everyQueueHasARedrivePolicy() {
        var queues = resources("aws_sqs_queue");
        assertThat(queues).isNotEmpty();
        for (var q : queues) {
            if (!q.getKey().equals("dlq")) {
                assertThat(q.getValue().has("redrive_policy")).as(q.getKey()).isTrue();
                assertThat(q.getValue().path("redrive_policy").asText()).contains("maxReceiveCount     = 5");
            }
            assertThat(q.getValue().path("sqs_managed_sse_enabled").asBoolean()).as(q.getKey() + " SSE").isTrue();
        }
    }

    @Test
    void bucketBlocksPublicAccessAndIsEncrypted() {
        var blocks = resources("aws_s3_bucket_public_access_block");
        assertThat(blocks).hasSize(1);
        for (String flag : List.of("block_public_acls", "block_public_policy", "ignore_public_acls",
                "restrict_public_buckets")) {
            assertThat(blocks.get(0).getValue().path(flag).asBoolean()).as(flag).isTrue();
        }
        var encryption = resources("aws_s3_bucket_server_side_encryption_configuration");
        assertThat(encryption).hasSize(1);
        assertThat(encryption.get(0).getValue().toString()).contains("sse_algorithm");
        assertThat(texts.values().stream().anyMatch(t -> t.contains("aws:SecureTransport"))).isTrue();
    }

    @Test
    void noIamStatementAllowsEveryActionOnEveryResource() {
        int statements = 0;
        for (JsonNode file : parsed.values()) {
            for (JsonNode doc : iterable(file.path("data").path("aws_iam_policy_document"))) {
                for (JsonNode statement : doc.get(0).path("statement")) {
                    statements++;
                    boolean allow = !statement.path("effect").asText("Allow").equals("Deny");
                    boolean allActions = contains(statement.path("actions"), "*");
                    boolean allResources = contains(statement.path("resources"), "*");
                    assertThat(allow && allActions && allResources).as(statement.toString()).isFalse();
                    // and no service-wide wildcard on everything either
                    for (JsonNode a : statement.path("actions")) {
                        if (allow && a.asText().endsWith(":*")) {
                            assertThat(allResources).as(statement.toString()).isFalse();
                        }
                    }
                }
            }
        }
        assertThat(statements).isGreaterThan(5);
    }

    @Test
    void everyReferencedVariableIsDeclared() {
        Set<String> declared = new HashSet<>();
        for (JsonNode file : parsed.values()) {
            file.path("variable").fieldNames().forEachRemaining(declared::add);
        }
        Pattern ref = Pattern.compile("\\bvar\\.([a-zA-Z_][a-zA-Z0-9_]*)");
        for (var t : texts.entrySet()) {
            Matcher m = ref.matcher(t.getValue());
            while (m.find()) {
                assertThat(declared).as(t.getKey() + " uses var." + m.group(1)).contains(m.group(1));
            }
        }
        // and every variable is documented
        for (JsonNode file : parsed.values()) {
            file.path("variable").fields().forEachRemaining(v ->
                    assertThat(v.getValue().get(0).has("description")).as(v.getKey()).isTrue());
        }
    }

    @Test
    void glueTablesTakeTheirColumnsFromTheGeneratedSchemaFile() throws Exception {
        var tables = resources("aws_glue_catalog_table");
        assertThat(tables).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("findings", "repositories");
        assertThat(tables.stream().filter(t -> t.getKey().equals("findings")).findFirst().orElseThrow()
                .getValue().toString()).contains("local.findings_columns").contains("local.findings_partition_keys");
        assertThat(tables.stream().filter(t -> t.getKey().equals("repositories")).findFirst().orElseThrow()
                .getValue().toString()).contains("local.repositories_columns");
        // the generated file itself is checked against the Avro schemas by GlueColumnsTest
        JsonNode generated = Fixtures.JSON.readTree(TERRAFORM.resolve("glue_columns.tf.json").toFile());
        assertThat(generated.path("locals").path("findings_columns").size()).isGreaterThan(10);
    }

    private static Iterable<JsonNode> iterable(JsonNode byName) {
        List<JsonNode> all = new ArrayList<>();
        byName.elements().forEachRemaining(all::add);
        return all;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
