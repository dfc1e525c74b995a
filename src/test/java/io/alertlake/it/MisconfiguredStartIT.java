package io.alertlake.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application started with a setting it cannot run with stops at once, naming the setting — before
 * its consumer receives anything (a consumer that then stopped would leave what it received invisible on the queue
 * for the visibility timeout) and before a first request would meet it. Nothing here needs the queue: it points
 * at a closed port.
 */
class MisconfiguredStartIT {

    private static final Map<String, String> AWS_MODE = Map.of(
            "ALERTLAKE_MODE", "aws",
            "ALERTLAKE_QUEUE_ENDPOINT", "http://127.0.0.1:1",
            "ALERTLAKE_LAKE_ENDPOINT", "http://127.0.0.1:1",
            "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");

    @Test
    void aMissingWebhookSecretStopsTheServiceBeforeTheConsumerStarts() throws Exception {
        String output = startFailing(Map.of("ALERTLAKE_ROLES", "ingest,consume"));
        assertThat(output).contains("alertlake.webhook.secret").doesNotContain("consumer started");
    }

    @Test
    void aMalformedAllowedNetworkStopsTheServiceNamingTheSetting() throws Exception {
        String output = startFailing(Map.of("ALERTLAKE_ROLES", "ingest,consume",
                "ALERTLAKE_WEBHOOK_SECRET", "0123456789abcdef0123456789abcdef",
                "ALERTLAKE_WEBHOOK_ALLOWED_CIDRS", "192.30.252.0/22,10.0.0.0/abc"));
        assertThat(output).contains("alertlake.webhook.allowed-cidrs: '10.0.0.0/abc' is not a CIDR block")
                .doesNotContain("consumer started");
    }

    @Test
    void trinoWithoutItsUrlStopsTheService() throws Exception {
        String output = startFailing(Map.of("ALERTLAKE_ROLES", "api", "ALERTLAKE_QUERY_ENGINE", "trino",
                "ALERTLAKE_API_TOKENS", "0123456789abcdef0123456789abcdef"));
        assertThat(output).contains("alertlake.query.engine=trino needs alertlake.trino.url")
                .doesNotContain("alertlake is running");
    }

    /** Starts the packaged application with these environment variables; it must exit, unsuccessfully. */
    private static String startFailing(Map<String, String> settings) throws IOException, InterruptedException {
        Path log = Files.createTempFile("misconfigured-start", ".log");
        ProcessBuilder pb = new ProcessBuilder(PackagedApp.command()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ALERTLAKE_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(AWS_MODE);
        pb.environment().putAll(settings);
        pb.environment().put("QUARKUS_HTTP_PORT", "0");
        Process process = pb.start();
        try {
            boolean exited = process.waitFor(90, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(exited).as("the service stops by itself; its output:\n%s", output).isTrue();
            assertThat(process.exitValue()).as("exit status; output:\n%s", output).isNotZero();
            return output;
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
