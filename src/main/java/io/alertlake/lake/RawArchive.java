package io.alertlake.lake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.delivery.Delivery;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The replayable archive format: gzip'd NDJSON, one delivery a line with its GitHub headers, its receive
 * time and its body exactly as received (text when it is UTF-8 JSON, base64 otherwise). Quarantine files
 * use the same lines plus an {@code error}.
 */
public final class RawArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawArchive() {
    }

    /** One archive line for a delivery, with an optional error (for quarantine). */
    public static ObjectNode line(Delivery d, String error) {
        ObjectNode n = JSON.createObjectNode();
        n.put("delivery_id", d.deliveryId());
        n.put("event", d.event());
        n.put("hook_id", d.hookId());
        n.put("installation_target_type", d.targetType());
        n.put("installation_target_id", d.targetId());
        n.put("received_at", d.receivedAt().toString());
        String text = new String(d.body(), StandardCharsets.UTF_8);
        if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), d.body())) {
            n.put("body", text);
        } else {
            n.put("body_base64", Base64.getEncoder().encodeToString(d.body()));
        }
        if (error != null) {
            n.put("error", error);
        }
        return n;
    }

    /**
     * A gzip'd NDJSON file of the given lines, streamed into the compressor. Deflate's fastest level: over the
     * demo deliveries it takes ~35 instead of ~60 µs of CPU per delivery, for ~850 instead of ~360 bytes
     * (docs/benchmarks.md); the archive was the largest CPU cost of the consumer's path, and its bytes are its
     * smallest storage cost.
     */
    public static byte[] write(List<ObjectNode> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(new FastGzip(bytes))) {
            out.setRootValueSeparator(new SerializedString("\n"));
            for (ObjectNode line : lines) {
                JSON.writeTree(out, line);
            }
            if (!lines.isEmpty()) {
                out.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A gzip stream at deflate's fastest level. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Reads the deliveries back from an archive file. */
    public static List<Delivery> read(byte[] gzipped) {
        List<Delivery> deliveries = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gzipped)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    deliveries.add(delivery(JSON.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deliveries;
    }

    static Delivery delivery(JsonNode n) {
        byte[] body = n.hasNonNull("body_base64")
                ? Base64.getDecoder().decode(n.get("body_base64").asText())
                : n.get("body").asText().getBytes(StandardCharsets.UTF_8);
        return new Delivery(n.get("event").asText(), n.get("delivery_id").asText(), text(n, "hook_id"),
                text(n, "installation_target_type"), text(n, "installation_target_id"),
                Instant.parse(n.get("received_at").asText()), body);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
