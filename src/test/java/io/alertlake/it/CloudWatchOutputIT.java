package io.alertlake.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.aws.EmfDocuments;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged application in aws mode, set as the ECS tasks set it, writes what CloudWatch Logs (where ECS sends a
 * task's output, an event a line) reads: on standard error its {@code alertlake_*} meters as embedded metric format
 * documents, one whole document a line, which CloudWatch turns into metrics (no metrics setting: aws mode's
 * default); on standard output its log, a JSON object a line. The ingest task alone, its queue unreachable.
 */
class CloudWatchOutputIT {

    @Test
    void aRefusedSignatureIsCountedInCloudWatchsFormatOnStandardError() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path out = Files.createTempFile("cloudwatch-metrics", ".out");
        Path log = Files.createTempFile("cloudwatch-metrics", ".err");
        ProcessBuilder pb = new ProcessBuilder(PackagedApp.command()).redirectOutput(out.toFile())
                .redirectError(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ALERTLAKE_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(java.util.Map.of(
                "ALERTLAKE_MODE", "aws", "ALERTLAKE_ROLES", "ingest",
                "ALERTLAKE_WEBHOOK_SECRET", "0123456789abcdef0123456789abcdef",
                "ALERTLAKE_QUEUE_URL", "http://127.0.0.1:1/000000000000/deliveries",
                "ALERTLAKE_QUEUE_ENDPOINT", "http://127.0.0.1:1", "ALERTLAKE_LAKE_ENDPOINT", "http://127.0.0.1:1",
                "ALERTLAKE_METRICS_CLOUDWATCH_STEP", "1s", "QUARKUS_HTTP_PORT", Integer.toString(port),
                "AWS_REGION", "us-east-1", "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"));
        pb.environment().putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
        Process process = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest wrong = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                    .header("X-GitHub-Event", "dependabot_alert").header("X-GitHub-Delivery", "d-1")
                    .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64)).header("Content-Type",
                            "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> !process.isAlive()
                            || http.send(wrong, HttpResponse.BodyHandlers.discarding()).statusCode() == 401);
            assertThat(process.isAlive()).as("running; output:\n%s%s", output(out), output(log)).isTrue();

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                List<JsonNode> documents = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(EmfDocuments::isDocument).map(EmfDocuments::valid).toList();
                assertThat(documents).as("output:\n%s", output(log)).anySatisfy(document -> {
                    assertThat(document.path("reason").asText()).isEqualTo("signature_invalid");
                    assertThat(document.path("alertlake_webhook_rejected_total").asDouble()).isGreaterThanOrEqualTo(1);
                    assertThat(document.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText())
                            .isEqualTo("alertlake");
                });
            });
            assertThat(Files.readAllLines(log, StandardCharsets.UTF_8)).filteredOn(line -> line.contains("_aws"))
                    .as("every line with a document is the document alone").allMatch(EmfDocuments::isDocument)
                    .noneMatch(line -> line.contains("jvm_"))
                    .as("a task that does not consume").noneMatch(line -> line.contains("alertlake_consumer_"));
            // a delivery the queue does not take is logged (WARN): the log is a JSON object a line
            byte[] body = "{\"action\":\"created\"}".getBytes(StandardCharsets.UTF_8);
            HttpRequest signed = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                    .header("X-GitHub-Event", "dependabot_alert").header("X-GitHub-Delivery", "d-2")
                    .header("X-Hub-Signature-256", io.alertlake.ingest.SignatureVerifier.sign(
                            "0123456789abcdef0123456789abcdef", body))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            assertThat(http.send(signed, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(503);
            await().atMost(Duration.ofSeconds(10)).until(() -> output(out).contains("delivery d-2"));
            List<JsonNode> records = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                JsonNode record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                assertThat(record.path("level").asText()).as(line).isNotEmpty();
                assertThat(record.has("_aws")).as("no metrics among the log records").isFalse();
                records.add(record);
            }
            assertThat(records).anySatisfy(r -> assertThat(r.path("message").asText()).contains("alertlake is running"))
                    .anySatisfy(r -> {
                        assertThat(r.path("message").asText()).contains("delivery d-2 (dependabot_alert) not queued");
                        assertThat(r.path("level").asText()).isEqualTo("WARN");
                    });
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
            Files.deleteIfExists(out);
        }
    }

    private static String output(Path log) throws java.io.IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
