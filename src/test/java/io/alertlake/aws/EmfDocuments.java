package io.alertlake.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a line against CloudWatch's embedded metric format specification (the members a document must have, their
 * types and limits, the units CloudWatch knows), as CloudWatch Logs does before it extracts any metric from it.
 */
public final class EmfDocuments {

    /** The units of CloudWatch's MetricDatum. */
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    /** A line that holds more than the one object (a document with text spliced onto it) is not one. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EmfDocuments() {
    }

    /** Whether a line is meant as a document at all (a JSON object with {@code _aws}). */
    public static boolean isDocument(String line) {
        return line.startsWith("{") && line.contains("\"_aws\"");
    }

    /** The line as a valid document, or an assertion error saying what is wrong. */
    public static JsonNode valid(String line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not one JSON object: " + line, e);
        }
        assertThat(root.isObject()).as("root of %s", line).isTrue();
        JsonNode aws = root.get("_aws");
        assertThat(aws.get("Timestamp").isIntegralNumber()).as("Timestamp").isTrue();
        assertThat(aws.get("CloudWatchMetrics").isArray()).isTrue();
        for (JsonNode directive : aws.get("CloudWatchMetrics")) {
            String namespace = directive.get("Namespace").asText();
            assertThat(namespace.length()).isBetween(1, 255);
            for (JsonNode set : directive.get("Dimensions")) {
                assertThat(set.size()).isLessThanOrEqualTo(30);
                for (JsonNode key : set) {
                    assertThat(root.get(key.asText())).as("dimension %s", key).isNotNull();
                    assertThat(root.get(key.asText()).isTextual()).as("dimension %s is a string", key).isTrue();
                    assertThat(root.get(key.asText()).asText()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
                }
            }
            JsonNode metrics = directive.get("Metrics");
            assertThat(metrics.size()).isBetween(1, EmfMeterRegistry.MAX_METRICS);
            for (JsonNode metric : metrics) {
                String name = metric.get("Name").asText();
                assertThat(name.length()).isBetween(1, 1024);
                assertThat(UNITS).contains(metric.get("Unit").asText());
                assertThat(root.get(name)).as("value of %s", name).isNotNull();
                assertThat(root.get(name).isNumber()).as("value of %s is a number", name).isTrue();
            }
        }
        return root;
    }

    /**
     * The names of the metrics written for the meters {@code register} makes (and uses), and the metric names the
     * Terraform dashboard draws: what the dashboard's widgets would find in CloudWatch.
     */
    public static Set<String> writtenFor(java.util.function.Consumer<io.micrometer.core.instrument.MeterRegistry> register) {
        List<String> lines = new ArrayList<>();
        EmfMeterRegistry registry = new EmfMeterRegistry("alertlake", java.time.Duration.ofMinutes(1),
                io.micrometer.core.instrument.Clock.SYSTEM, lines::add);
        register.accept(registry);
        registry.close(); // publishes the step so far
        Set<String> names = new java.util.TreeSet<>();
        lines.stream().map(EmfDocuments::valid).forEach(document -> names.addAll(metricNames(document)));
        return names;
    }

    /** The alertlake metric names terraform/dashboard.tf draws, with this prefix. */
    public static Set<String> onTheDashboard(String prefix) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + prefix + "[a-z_]+")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("terraform/dashboard.tf")));
        Set<String> names = new java.util.TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** The names of the metrics a document defines. */
    public static List<String> metricNames(JsonNode document) {
        List<String> names = new ArrayList<>();
        for (JsonNode directive : document.get("_aws").get("CloudWatchMetrics")) {
            directive.get("Metrics").forEach(metric -> names.add(metric.get("Name").asText()));
        }
        return names;
    }
}
