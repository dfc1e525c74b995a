package io.alertlake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** The GitHub fixtures (copied from the shared fixture set into src/test/resources/fixtures/github). */
public final class Fixtures {

    public static final Path GITHUB = Paths.get("src/test/resources/fixtures/github");
    public static final Path WEBHOOKS = GITHUB.resolve("webhooks");
    public static final Path OCSF = Paths.get("src/test/resources/ocsf");
    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** Every webhook payload file, with its event (the folder name). */
    public static List<Webhook> webhooks() {
        try (Stream<Path> files = Files.walk(WEBHOOKS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted()
                    .map(p -> new Webhook(p.getParent().getFileName().toString(), p, read(p))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Webhook webhook(String relative) {
        Path p = WEBHOOKS.resolve(relative);
        return new Webhook(p.getParent().getFileName().toString(), p, read(p));
    }

    public static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A webhook fixture: the event it belongs to and its exact bytes. */
    public record Webhook(String event, Path path, byte[] body) {
        public String name() {
            return event + "/" + path.getFileName();
        }

        /** The body as GitHub sends a payload: one line of JSON (the documented fixtures are pretty-printed). */
        public byte[] oneLineBody() {
            try {
                return JSON.writeValueAsBytes(JSON.readTree(body));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
