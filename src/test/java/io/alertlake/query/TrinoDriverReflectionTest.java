package io.alertlake.query;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native executable reads Trino's answers only into classes registered for reflection: every class of the driver
 * that its shaded Jackson builds through a {@code @JsonCreator} is, so a driver upgrade that adds one fails here, not
 * in the first query of a native build.
 */
class TrinoDriverReflectionTest {

    @Test
    void everyClassTheDriverReadsJsonIntoIsRegistered() throws IOException, URISyntaxException {
        Path jar = Path.of(io.trino.jdbc.TrinoDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> creators = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (String name : file.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                    .filter(n -> n.startsWith("io/trino/jdbc/$internal/client/")
                            || n.startsWith("io/trino/jdbc/$internal/airlift/units/")).toList()) {
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                if (hasJsonCreator(className)) {
                    creators.add(className);
                }
            }
        }
        String[] registered = TrinoEngine.class.getAnnotation(RegisterForReflection.class).classNames();
        assertThat(creators).as("classes with a @JsonCreator in %s", jar.getFileName()).isNotEmpty();
        assertThat(registered).contains(creators.toArray(String[]::new));
    }

    private static boolean hasJsonCreator(String className) {
        try {
            Class<?> c = Class.forName(className, false, TrinoDriverReflectionTest.class.getClassLoader());
            return Stream.concat(Arrays.stream(c.getDeclaredConstructors()), Arrays.stream(c.getDeclaredMethods()))
                    .map(Executable::getDeclaredAnnotations).flatMap(Arrays::stream)
                    .anyMatch(a -> a.annotationType().getSimpleName().equals("JsonCreator"));
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // a class of an optional dependency the driver does not load here
        }
    }
}
