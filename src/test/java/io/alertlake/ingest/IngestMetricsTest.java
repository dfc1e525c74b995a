package io.alertlake.ingest;

import io.alertlake.testing.LoggedLines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** What the log says of deliveries answered 202 and not stored. */
class IngestMetricsTest {

    @Test
    void aHeaderThatIsNotAnEventNameIsLoggedOnceAndAsPlainText() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IngestMetrics metrics = new IngestMetrics(registry);
        List<String> lines = LoggedLines.of(IngestMetrics.class, Level.ALL, () -> {
            metrics.ignored("dependabot-alert");
            metrics.ignored("dependabot-alert");
            metrics.ignored("push");
            metrics.ignored("a\nforged line\u001b[2J" + "x".repeat(100));
        });

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("'dependabot-alert'").contains("not an event name")
                .contains("event=\"other\"");
        assertThat(lines.get(1)).contains("'push'").contains("not in alertlake.webhook.events");
        assertThat(lines.get(2)).contains("'a?forged line?[2J" + "x".repeat(47) + "...'").doesNotContain("\n");
        assertThat(registry.get("alertlake.webhook.ignored").tag("event", "other").counter().count()).isEqualTo(3);
    }

    /** Every reason a refusal is counted under, read from the code that counts it, is in the README's list. */
    @Test
    void theReadmeListsEveryRejectionReason() throws Exception {
        java.util.regex.Pattern counted = java.util.regex.Pattern.compile(
                "rejected\\(\"([a-z_]+)\"\\)|reject\\(Response\\.Status\\.[A-Z_]+, \"([a-z_]+)\"");
        java.util.Set<String> reasons = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java/io/alertlake/ingest"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var m = counted.matcher(java.nio.file.Files.readString(file));
                while (m.find()) {
                    reasons.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        assertThat(reasons).contains("signature_invalid", "too_large", "source_not_allowed", "media_type_invalid");
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        assertThat(reasons).allSatisfy(reason -> assertThat(readme).contains("`" + reason + "`"));
    }

    @Test
    void printableKeepsAnEventNameAsItIs() {
        assertThat(IngestMetrics.printable("dependabot_alert")).isEqualTo("dependabot_alert");
        assertThat(IngestMetrics.printable("caf\u00e9\t")).isEqualTo("caf??");
    }
}
