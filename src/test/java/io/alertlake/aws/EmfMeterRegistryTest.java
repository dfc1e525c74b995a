package io.alertlake.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** What CloudWatch would make of the lines the registry writes, step by step. */
class EmfMeterRegistryTest {

    private static final Duration STEP = Duration.ofMinutes(1);

    private final MockClock clock = new MockClock();
    private final List<String> lines = new ArrayList<>();
    private final EmfMeterRegistry emf = new EmfMeterRegistry("alertlake-test", STEP, clock, lines::add);
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry(clock);
    private final AtomicReference<Double> lag = new AtomicReference<>(42.0);

    EmfMeterRegistryTest() {
        meters.add(emf);
        meters.add(prometheus);
        Counter.builder("alertlake.webhook.rejected").tag("reason", "signature_invalid").register(meters);
        Counter.builder("alertlake.webhook.rejected").tag("reason", "too_large").register(meters);
        Timer.builder("alertlake.consumer.flush").register(meters);
        DistributionSummary.builder("alertlake.consumer.flush.bytes").baseUnit("bytes").register(meters);
        Gauge.builder("alertlake.consumer.lag.seconds", lag::get).register(meters);
        meters.counter("alertlake_backfill_runs", "kind", "full", "status", "succeeded");
        Counter.builder("alertlake.raw.written").baseUnit("bytes").register(meters);
        Counter.builder("jvm.something").register(meters);
    }

    @Test
    void eachStepIsOneValidDocumentPerSetOfTagValuesWithTheStepsCounts() {
        meters.counter("alertlake.webhook.rejected", "reason", "signature_invalid").increment(3);
        meters.counter("alertlake.webhook.rejected", "reason", "too_large").increment();
        meters.timer("alertlake.consumer.flush").record(2, TimeUnit.SECONDS);
        meters.timer("alertlake.consumer.flush").record(4, TimeUnit.SECONDS);
        meters.summary("alertlake.consumer.flush.bytes").record(1000);
        clock.add(STEP);

        List<JsonNode> documents = publish();
        assertThat(documents).hasSize(4); // signature_invalid, too_large, the backfill's tags, no tags
        JsonNode invalid = only(documents, "reason", "signature_invalid");
        assertThat(invalid.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText())
                .isEqualTo("alertlake-test");
        assertThat(invalid.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString())
                .isEqualTo("[[\"reason\"]]");
        assertThat(invalid.get("alertlake_webhook_rejected_total").asDouble()).isEqualTo(3);
        assertThat(invalid.get("_aws").get("Timestamp").asLong()).isEqualTo(clock.wallTime());
        assertThat(only(documents, "reason", "too_large").get("alertlake_webhook_rejected_total").asDouble())
                .isEqualTo(1);
        JsonNode untagged = documents.stream().filter(d -> d.has("alertlake_consumer_flush_seconds_count"))
                .findFirst().orElseThrow();
        assertThat(untagged.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString())
                .isEqualTo("[[]]");
        assertThat(untagged.get("alertlake_consumer_flush_seconds_count").asDouble()).isEqualTo(2);
        assertThat(untagged.get("alertlake_consumer_flush_seconds_sum").asDouble()).isEqualTo(6);
        assertThat(untagged.get("alertlake_consumer_flush_seconds_max").asDouble()).isEqualTo(4);
        assertThat(untagged.get("alertlake_consumer_flush_bytes_sum").asDouble()).isEqualTo(1000);
        assertThat(untagged.get("alertlake_consumer_lag_seconds").asDouble()).isEqualTo(42);
        java.util.Map<String, String> units = new java.util.TreeMap<>();
        untagged.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics")
                .forEach(m -> units.put(m.get("Name").asText(), m.get("Unit").asText()));
        assertThat(units).containsEntry("alertlake_consumer_flush_seconds_count", "Count")
                .containsEntry("alertlake_consumer_flush_seconds_sum", "Seconds")
                .containsEntry("alertlake_consumer_flush_seconds_max", "Seconds")
                .containsEntry("alertlake_consumer_flush_bytes_sum", "Bytes")
                .containsEntry("alertlake_consumer_lag_seconds", "Seconds")
                .containsEntry("alertlake_raw_written_bytes_total", "Count");
        assertThat(lines).noneMatch(line -> line.contains("jvm"));
        assertThat(only(documents, "kind", "full").get("status").asText()).isEqualTo("succeeded");

        // a step without refusals counts none: CloudWatch sums the steps, it does not difference totals
        clock.add(STEP);
        assertThat(only(publish(), "reason", "signature_invalid").get("alertlake_webhook_rejected_total").asDouble())
                .isZero();
    }

    @Test
    void metricsAreNamedAsTheirSeriesAtTheMetricsEndpoint() {
        clock.add(STEP);
        Set<String> series = new TreeSet<>();
        for (String line : prometheus.scrape().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                series.add(line.replaceAll("[{ ].*", ""));
            }
        }
        Set<String> names = new TreeSet<>();
        publish().forEach(document -> names.addAll(EmfDocuments.metricNames(document)));
        assertThat(names).hasSize(10).contains("alertlake_raw_written_bytes_total").allSatisfy(name -> assertThat(series).contains(name));
    }

    @Test
    void aTagWithoutAValueIsADimensionOfValueNone() {
        meters.counter("alertlake.redelivery.errors", "hook", "").increment();
        clock.add(STEP);
        assertThat(only(publish(), "hook", "none").get("alertlake_redelivery_errors_total").asDouble()).isEqualTo(1);
    }

    @Test
    void aGaugeWithNothingToReadIsLeftOut() {
        lag.set(Double.NaN);
        clock.add(STEP);
        assertThat(publish()).noneMatch(document -> document.has("alertlake_consumer_lag_seconds"));
    }

    @Test
    void moreMetricsThanOneDirectiveHoldsAreSplitOverDocuments() {
        for (int i = 0; i < 150; i++) {
            meters.counter("alertlake.many.c" + i, "batch", "one");
        }
        clock.add(STEP);
        List<JsonNode> batch = publish().stream().filter(d -> d.has("batch")).toList();
        assertThat(batch).hasSize(2);
        assertThat(batch.stream().mapToInt(d -> EmfDocuments.metricNames(d).size()).sum()).isEqualTo(150);
    }

    @Test
    void noDocumentIsLongerThanTheLineALogDriverPassesWhole() {
        // 90 metrics fit a directive, not a line: long names and a long tag value, as a repository's full name
        String repository = "an-organization-with-a-long-name/" + "a-repository-".repeat(6);
        for (int i = 0; i < 90; i++) {
            meters.counter("alertlake.consumer.records.written.for.a.partition.of.its.repository.metric" + i,
                    "repository", repository);
        }
        clock.add(STEP);
        lines.clear();
        emf.publish();

        List<String> documents = lines.stream().filter(line -> line.contains(repository)).toList();
        assertThat(documents).hasSizeGreaterThan(1)
                .allSatisfy(line -> assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1)
                        .isLessThanOrEqualTo(EmfMeterRegistry.MAX_LINE_BYTES));
        Set<String> names = new TreeSet<>();
        documents.stream().map(EmfDocuments::valid).forEach(d -> names.addAll(EmfDocuments.metricNames(d)));
        assertThat(names).hasSize(90);
    }

    private List<JsonNode> publish() {
        lines.clear();
        emf.publish();
        return lines.stream().map(EmfDocuments::valid).toList();
    }

    private static JsonNode only(List<JsonNode> documents, String key, String value) {
        List<JsonNode> matching = documents.stream().filter(d -> d.has(key) && d.get(key).asText().equals(value))
                .toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }
}
