package io.alertlake.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A single-node Trino started as a child process from the distribution Maven unpacks into target/, with one Hive
 * catalog ({@value #CATALOG}): a file metastore and the local file system, so tables can lie over any folder.
 * Its log is written to {@code <workDir>/trino.log}; the process is stopped by {@link #close()} and, should the
 * test JVM end first, by a shutdown hook.
 */
final class TrinoServer implements AutoCloseable {

    static final String CATALOG = "lake";
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final Process process;
    private final Thread shutdownHook;
    private final Path log;
    private final int port;

    private TrinoServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.shutdownHook = new Thread(process::destroyForcibly, "trino-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts Trino and waits until it accepts queries.
     *
     * @param distribution the unpacked server: {@code lib/} and {@code plugin/}
     * @param java         a Java 24+ executable
     * @param workDir      configuration, metastore and log of this server
     */
    static TrinoServer start(Path distribution, Path java, Path workDir) throws IOException, InterruptedException {
        int port = freePort();
        Path etc = workDir.resolve("etc");
        Files.createDirectories(etc.resolve("catalog"));
        Files.writeString(etc.resolve("config.properties"), lines(
                "coordinator=true",
                "node-scheduler.include-coordinator=true",
                "http-server.http.port=" + port,
                "discovery.uri=http://127.0.0.1:" + port,
                "node.environment=test",
                "node.id=alertlake-test",
                "node.internal-address=127.0.0.1",
                "plugin.dir=" + distribution.resolve("plugin").toAbsolutePath(),
                "catalog.config-dir=" + etc.resolve("catalog").toAbsolutePath(),
                "query.max-memory=1GB",
                "query.max-memory-per-node=512MB"));
        Files.writeString(etc.resolve("catalog").resolve(CATALOG + ".properties"), lines(
                "connector.name=hive",
                "hive.metastore=file",
                "hive.metastore.catalog.dir=local://" + workDir.resolve("metastore").toAbsolutePath().toUri().getPath(),
                "fs.native-local.enabled=true",
                // the file system's root: table locations are local:///<absolute path>
                "local.location=/"));
        Path log = workDir.resolve("trino.log");
        Process process = new ProcessBuilder(List.of(java.toString(),
                "-Xmx2G", "-XX:+ExitOnOutOfMemoryError", "-XX:+EnableDynamicAgentLoading",
                "-Djdk.attach.allowAttachSelf=true", "-Dfile.encoding=UTF-8",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dconfig=" + etc.resolve("config.properties").toAbsolutePath(),
                "-cp", distribution.resolve("lib").toAbsolutePath() + "/*",
                "io.trino.server.TrinoServer"))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        TrinoServer server = new TrinoServer(process, log, port);
        try {
            server.awaitStarted();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The JDBC URL of a schema of the Hive catalog. */
    String jdbcUrl(String schema) {
        return "jdbc:trino://127.0.0.1:" + port + "/" + CATALOG + "/" + schema;
    }

    Path log() {
        return log;
    }

    /** The last lines of the server's log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no Trino log at " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Polls {@code /v1/info} until the server says it is no longer starting. */
    private void awaitStarted() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest info = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant giveUpAt = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(giveUpAt)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Trino exited with " + process.exitValue() + " while starting; see "
                        + log + ":\n" + logTail(60));
            }
            try {
                HttpResponse<String> r = http.send(info, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().replace(" ", "").contains("\"starting\":false")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the HTTP server opens some seconds after the JVM starts
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Trino did not start within " + STARTUP + "; see " + log + ":\n" + logTail(60));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it stops the process
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
