package io.alertlake.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java runtime for Trino 476, which needs Java 24 or newer: the JDK named by the system property
 * {@code trino.conformance.java-home} or the environment variable {@code TRINO_JAVA_HOME} (so CI can pass one),
 * else the JVM running the tests when it is new enough.
 */
final class TrinoJava {

    static final int REQUIRED = 24;
    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private TrinoJava() {
    }

    /** The {@code java} executable, or empty when no Java 24+ was named or is running. */
    static Optional<Path> find() {
        String named = System.getProperty("trino.conformance.java-home", System.getenv("TRINO_JAVA_HOME"));
        if (named != null && !named.isBlank()) {
            Path home = Path.of(named);
            return feature(home) >= REQUIRED ? Optional.of(executable(home)) : Optional.empty();
        }
        if (Runtime.version().feature() >= REQUIRED) {
            return Optional.of(executable(Path.of(System.getProperty("java.home"))));
        }
        return Optional.empty();
    }

    static String whereLooked() {
        return "trino.conformance.java-home=" + System.getProperty("trino.conformance.java-home") + ", TRINO_JAVA_HOME="
                + System.getenv("TRINO_JAVA_HOME") + ", running JVM " + Runtime.version();
    }

    private static Path executable(Path home) {
        return home.resolve("bin").resolve(System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java");
    }

    /** The feature version from the JDK's {@code release} file; 0 when it cannot be read. */
    private static int feature(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
