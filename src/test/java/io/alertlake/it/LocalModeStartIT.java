package io.alertlake.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar in local mode makes DuckDB's copy of the lake as it starts, before anyone asks: the README's
 * first question does not wait for it (10 s and more on two cores). Local mode is the JVM build's only (the native
 * executable has no embedded stand-ins).
 */
class LocalModeStartIT {

    @Test
    void theQueryEngineIsReadyWithoutAQuestion() throws Exception {
        String nativeImage = System.getProperty("native.image.path");
        assumeThat(nativeImage != null && Files.isExecutable(Path.of(nativeImage)))
                .as("local mode is not in the native executable").isFalse();
        Path data = Files.createTempDirectory("local-mode-start");
        Path log = data.resolve("app.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ALERTLAKE_") || k.startsWith("QUARKUS_"));
        pb.environment().put("ALERTLAKE_LOCAL_DATA_DIR", data.resolve("data").toString());
        pb.environment().put("QUARKUS_HTTP_PORT", "0");
        Process process = pb.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> !process.isAlive()
                    || Files.readString(log, StandardCharsets.UTF_8).contains("alertlake is running"));
            Path copy = data.resolve("data").resolve("duckdb").resolve("lake.duckdb");
            await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive() || Files.exists(copy));
            assertThat(copy).as("the lake's copy, made without a question; output:\n%s",
                    Files.readString(log, StandardCharsets.UTF_8)).exists();
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
