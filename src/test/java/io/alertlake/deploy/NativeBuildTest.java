package io.alertlake.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image built by hand (Dockerfile.native) holds an executable built as CI's is: by the same Mandrel builder
 * image, whose C library and JDK decide what the executable links against and which classes it can hold.
 */
class NativeBuildTest {

    @Test
    void theDockerfileBuildsInTheBuilderImageCiBuildsIn() throws IOException {
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            config.load(in);
        }
        String builder = config.getProperty("quarkus.native.builder-image");
        assertThat(builder).as("quarkus.native.builder-image").isNotBlank();

        Matcher stage = Pattern.compile("(?m)^FROM (\\S+) AS build$")
                .matcher(Files.readString(Path.of("Dockerfile.native")));
        assertThat(stage.find()).as("Dockerfile.native's build stage").isTrue();
        assertThat(stage.group(1)).isEqualTo(builder);
        // UBI 9 as the runtime image; a JDK that loads the Trino driver's Java 22 classes
        assertThat(builder).contains("ubi9-").containsPattern("jdk-(2[2-9]|[3-9][0-9])$");
    }
}
