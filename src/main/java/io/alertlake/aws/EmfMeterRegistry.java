package io.alertlake.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.step.StepRegistryConfig;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * alertlake's own meters (names starting {@code alertlake}) as CloudWatch embedded metric format documents, one JSON
 * line per set of tag values every step: CloudWatch Logs turns such a line into metrics of the namespace, with the
 * tags as dimensions, without an agent, an SDK call or a permission. A metric is named as its series is at
 * {@code /q/metrics}; a counter's value, and a timer's or a summary's {@code _count} and {@code _sum}, count the step
 * alone, its {@code _max} is the step's largest.
 */
public final class EmfMeterRegistry extends StepMeterRegistry {

    /** The format's limit of metrics in one directive. */
    static final int MAX_METRICS = 100;

    /**
     * The longest line a document may take, in bytes, its line break included. The awslogs log driver, in its
     * non-blocking mode (which an AWS account can make the default of its ECS tasks), cuts a longer line into events of
     * 16 KiB, and CloudWatch Logs extracts nothing from the pieces: that step's metrics would be lost silently.
     */
    static final int MAX_LINE_BYTES = 16 * 1024;

    private final String namespace;
    private final Consumer<String> out;
    private final JsonFactory json = new JsonFactory();

    public EmfMeterRegistry(String namespace, Duration step, Clock clock, Consumer<String> out) {
        super(stepConfig(step), clock);
        this.namespace = namespace;
        this.out = out;
        // the JVM's and HTTP server's meters stay on /q/metrics: each metric CloudWatch stores is billed
        config().meterFilter(MeterFilter.acceptNameStartsWith("alertlake")).meterFilter(MeterFilter.deny());
    }

    private static StepRegistryConfig stepConfig(Duration step) {
        return new StepRegistryConfig() {
            @Override
            public String prefix() {
                return "alertlake.metrics.cloudwatch";
            }

            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public Duration step() {
                return step;
            }
        };
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.SECONDS;
    }

    @Override
    protected void publish() {
        Map<List<Tag>, List<Value>> byTags = new LinkedHashMap<>();
        for (Meter meter : getMeters()) {
            values(meter, byTags.computeIfAbsent(meter.getId().getTags(), tags -> new ArrayList<>()));
        }
        long timestamp = clock.wallTime();
        byTags.forEach((tags, values) -> emit(timestamp, tags, values));
    }

    /**
     * The values as one document, or, beyond a directive's metrics or a line's bytes, as the documents of each half
     * in turn (a single metric is written whatever its size: its tags' values are alertlake's own).
     */
    private void emit(long timestamp, List<Tag> tags, List<Value> values) {
        if (values.size() > MAX_METRICS) {
            split(timestamp, tags, values);
            return;
        }
        String document = document(timestamp, tags, values);
        if (values.size() > 1 && document.getBytes(StandardCharsets.UTF_8).length + 1 > MAX_LINE_BYTES) {
            split(timestamp, tags, values);
        } else {
            out.accept(document);
        }
    }

    private void split(long timestamp, List<Tag> tags, List<Value> values) {
        int half = values.size() / 2;
        emit(timestamp, tags, values.subList(0, half));
        emit(timestamp, tags, values.subList(half, values.size()));
    }

    /** One metric of a document: its name, its CloudWatch unit and its value. */
    record Value(String name, String unit, double value) {
    }

    private static void values(Meter meter, List<Value> into) {
        Meter.Id id = meter.getId();
        String base = id.getName().replace('.', '_');
        meter.use(
                gauge -> {
                    String name = withUnit(base, id.getBaseUnit());
                    add(into, name, unit(name.endsWith("_seconds") ? "seconds" : id.getBaseUnit()), gauge.value());
                },
                counter -> add(into, total(base, id.getBaseUnit()), "Count", counter.count()),
                timer -> {
                    String name = withUnit(base, "seconds");
                    add(into, name + "_count", "Count", timer.count());
                    add(into, name + "_sum", "Seconds", timer.totalTime(TimeUnit.SECONDS));
                    add(into, name + "_max", "Seconds", timer.max(TimeUnit.SECONDS));
                },
                summary -> {
                    String name = withUnit(base, id.getBaseUnit());
                    add(into, name + "_count", "Count", summary.count());
                    add(into, name + "_sum", unit(id.getBaseUnit()), summary.totalAmount());
                    add(into, name + "_max", unit(id.getBaseUnit()), summary.max());
                },
                longTaskTimer -> add(into, withUnit(base, "seconds") + "_active_count", "Count",
                        longTaskTimer.activeTasks()),
                timeGauge -> add(into, withUnit(base, "seconds"), "Seconds", timeGauge.value(TimeUnit.SECONDS)),
                functionCounter -> add(into, total(base, id.getBaseUnit()), "Count", functionCounter.count()),
                functionTimer -> {
                    String name = withUnit(base, "seconds");
                    add(into, name + "_count", "Count", functionTimer.count());
                    add(into, name + "_sum", "Seconds", functionTimer.totalTime(TimeUnit.SECONDS));
                },
                other -> { });
    }

    private static void add(List<Value> into, String name, String unit, double value) {
        if (Double.isFinite(value)) { // a gauge with nothing to read is NaN, which JSON cannot carry
            into.add(new Value(name, unit, value));
        }
    }

    /** A counter's name as Prometheus gives it: its unit, then {@code _total}. */
    private static String total(String base, String baseUnit) {
        String name = withUnit(base.endsWith("_total") ? base.substring(0, base.length() - 6) : base, baseUnit);
        return name + "_total";
    }

    private static String withUnit(String name, String baseUnit) {
        return baseUnit == null || name.endsWith("_" + baseUnit) ? name : name + "_" + baseUnit;
    }

    private static String unit(String baseUnit) {
        if (baseUnit == null) {
            return "None";
        }
        return switch (baseUnit) {
            case "seconds" -> "Seconds";
            case "bytes" -> "Bytes";
            default -> "None";
        };
    }

    private String document(long timestamp, List<Tag> tags, List<Value> values) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = json.createGenerator(text)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", timestamp);
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", namespace);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray(); // one set: every tag of the meters (none: the metrics have no dimension)
            for (Tag tag : tags) {
                g.writeString(tag.getKey());
            }
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Value value : values) {
                g.writeStartObject();
                g.writeStringField("Name", value.name());
                g.writeStringField("Unit", value.unit());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            for (Tag tag : tags) { // a dimension's value cannot be empty
                g.writeStringField(tag.getKey(), tag.getValue().isBlank() ? "none" : tag.getValue());
            }
            for (Value value : values) {
                g.writeNumberField(value.name(), value.value());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }
}
