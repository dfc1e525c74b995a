package io.alertlake.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local data directories (queue, lake) of the tests' applications. Each is emptied the first time a test run
 * asks for it, then kept for the rest of the run: a lake left in {@code target/} by an earlier run — written by an
 * earlier version of the mapping — would otherwise change what a replay of today's deliveries rebuilds.
 */
public final class TestDataDirs {

    private static final Set<String> EMPTIED = new HashSet<>();

    private TestDataDirs() {
    }

    /** {@code target/<name>}, empty at the first call of this run. */
    public static synchronized String fresh(String name) {
        Path dir = Path.of("target", name);
        if (EMPTIED.add(name) && Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(TestDataDirs::delete);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir.toString();
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
