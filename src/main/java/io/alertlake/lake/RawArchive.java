package io.alertlake.lake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.SecretValues;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
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
 * time and its body exactly as received (text when it is UTF-8 JSON, base64 otherwise), but for a secret
 * scanning alert's secret value ({@link SecretValues}). Quarantine files use the same lines plus an
 * {@code error}.
 */
public final class RawArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawArchive() {
    }

    /**
     * A delivery to archive, with the error that sent it to quarantine (null in the raw archive). It holds the
     * delivery as received; the line is written from it when the file is, without a copy of the body meanwhile.
     */
    public record Line(Delivery delivery, String error) {
    }

    /**
     * A gzip'd NDJSON file of the given lines, streamed into the compressor. Deflate's fastest level: over the
     * demo deliveries it takes ~35 instead of ~60 µs of CPU per delivery, for ~850 instead of ~360 bytes
     * (docs/benchmarks.md); the archive was the largest CPU cost of the consumer's path, and its bytes are its
     * smallest storage cost.
     */
    public static byte[] write(List<Line> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new FastGzip(bytes)) {
            writeNdjson(lines, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The lines as NDJSON, uncompressed: one JSON object a line with the delivery's headers, its receive time and
     * its body — as text when it is UTF-8 (escaped straight from its bytes), in base64 otherwise.
     */
    public static void writeNdjson(List<Line> lines, OutputStream to) throws IOException {
        JsonGenerator out = JSON.createGenerator(to);
        out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        out.setRootValueSeparator(new SerializedString("\n"));
        for (Line line : lines) {
            Delivery d = line.delivery();
            // ingest redacts before queueing; this covers deliveries queued by earlier versions and replays
            byte[] body = SecretValues.redact(d.event(), d.body());
            out.writeStartObject();
            out.writeStringField("delivery_id", d.deliveryId());
            out.writeStringField("event", d.event());
            out.writeStringField("hook_id", d.hookId());
            out.writeStringField("installation_target_type", d.targetType());
            out.writeStringField("installation_target_id", d.targetId());
            out.writeStringField("received_at", d.receivedAt().toString());
            if (isUtf8(body)) {
                out.writeFieldName("body");
                out.writeUTF8String(body, 0, body.length);
            } else {
                out.writeStringField("body_base64", Base64.getEncoder().encodeToString(body));
            }
            if (line.error() != null) {
                out.writeStringField("error", line.error());
            }
            out.writeEndObject();
        }
        if (!lines.isEmpty()) {
            out.writeRaw('\n');
        }
        out.close();
    }

    /**
     * Whether the bytes are well-formed UTF-8. Most bodies are ASCII: checked byte by byte first; the rest are
     * decoded a chunk at a time into a small buffer, not into a copy of the whole body.
     */
    static boolean isUtf8(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && bytes[i] >= 0) {
            i++;
        }
        if (i == bytes.length) {
            return true;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
        ByteBuffer in = ByteBuffer.wrap(bytes, i, bytes.length - i);
        CharBuffer out = CharBuffer.allocate(256);
        CoderResult result;
        while ((result = decoder.decode(in, out, true)).isOverflow()) {
            out.clear();
        }
        return !result.isError() && !decoder.flush(out.clear()).isError();
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
