package io.alertlake.lake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.airlift.compress.zstd.ZstdInputStream;
import io.alertlake.config.RawCompression;
import io.alertlake.delivery.BodyJson;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.SecretValues;
import io.alertlake.ocsf.Mapped;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The replayable archive format: NDJSON, gzip'd or in Zstandard ({@link RawCompression}), one delivery a line with
 * its GitHub headers, its receive time and its body exactly as received, but for a secret scanning alert's secret
 * value ({@link SecretValues}): the body itself, as a JSON object, when it is one line of UTF-8 JSON (GitHub sends
 * its payloads so); else its text as a JSON string when it is UTF-8, base64 otherwise. Quarantine files use the
 * same lines plus an {@code error}.
 */
public final class RawArchive {

    /** Lines hold bodies of any depth and, as strings, of any length (BodyJson). */
    private static final JsonFactory JSON = BodyJson.FACTORY;
    /** What follows the other fields of a line whose body is copied in: the body's name, then the body. */
    private static final byte[] EMBEDDED_BODY = ",\"body\":".getBytes(StandardCharsets.US_ASCII);

    private RawArchive() {
    }

    /**
     * A delivery to archive, with the error that sent it to quarantine (null in the raw archive). It holds the
     * delivery as received; the line is written from it when the file is, without a copy of the body meanwhile.
     *
     * @param oneLineJson the mapper found the body to be one JSON object on one line ({@link Mapped#oneLineJson}):
     *                    the line then holds it as it is — copied, not escaped into a string
     */
    public record Line(Delivery delivery, String error, boolean oneLineJson) {

        public Line(Delivery delivery, String error) {
            this(delivery, error, false);
        }

        /** The line of a delivery the mapper mapped. */
        public static Line mapped(Delivery delivery, Mapped mapped) {
            return new Line(delivery, null, mapped.oneLineJson());
        }
    }

    /**
     * A gzip'd NDJSON file of the given lines, grouped by event ({@link #groupedByEvent}), deflated by
     * {@link FastGzip} (the default: {@code alertlake.lake.raw-gzip-level} unset).
     */
    public static byte[] write(List<Line> lines) {
        return write(lines, RawCompression.GZIP, OptionalInt.empty());
    }

    /** The same deflated by the JDK's zlib at a level ({@code alertlake.lake.raw-gzip-level}: 0, stored, to 9). */
    public static byte[] write(List<Line> lines, int level) {
        return write(lines, RawCompression.GZIP, OptionalInt.of(level));
    }

    /**
     * The same compressed as given; for gzip, {@code gzipLevel} is zlib's deflate level (checked), or empty for
     * {@link FastGzip}.
     */
    public static byte[] write(List<Line> lines, RawCompression compression, OptionalInt gzipLevel) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = switch (compression) {
            case GZIP -> gzipLevel.isEmpty() ? new FastGzip(bytes)
                    // a line reaches the stream in five writes (envelope, body, brackets, line break): buffered,
                    // zlib is called once per 64 KB instead of for each of them
                    : new BufferedOutputStream(new LeveledGzip(bytes, checkedLevel(gzipLevel.getAsInt())), 64 * 1024);
            case ZSTD -> new ZstdFrames(bytes);
        }) {
            writeNdjson(groupedByEvent(lines), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The level if deflate has it, else an error that names the setting. */
    public static int checkedLevel(int level) {
        if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("alertlake.lake.raw-gzip-level must be 0 (stored) to 9 (smallest), not "
                    + level);
        }
        return level;
    }

    /**
     * The lines with the deliveries of each event next to each other, in the order given within an event. Payloads
     * of one kind share most of their structure, and deflate, which looks 32 KB back (three or four deliveries),
     * finds longer matches among them: over the benchmark's deliveries, whose events come mixed as GitHub sends
     * them, 34 % fewer bytes and ~15 % less CPU (docs/benchmarks.md). Nothing reads meaning into the order of a
     * file's lines: replay maps each line on its own and the lake orders records by their time. Events in the order
     * of their names. Gathered by event rather than sorted: a file's few events take one pass, and a sort with a
     * comparator shares the JDK's TimSort, whose compiled code the process's other comparators kept sending back to
     * the JIT (docs/benchmarks.md).
     */
    static List<Line> groupedByEvent(List<Line> lines) {
        Map<String, List<Line>> byEvent = new HashMap<>();
        for (Line line : lines) {
            byEvent.computeIfAbsent(line.delivery().event(), event -> new ArrayList<>()).add(line);
        }
        if (byEvent.size() <= 1) {
            return lines;
        }
        List<String> events = new ArrayList<>(byEvent.keySet());
        events.sort(null);
        List<Line> grouped = new ArrayList<>(lines.size());
        for (String event : events) {
            grouped.addAll(byEvent.get(event));
        }
        return grouped;
    }

    /**
     * The lines as NDJSON, uncompressed: one JSON object a line with the delivery's headers, its receive time and
     * its body. A body the mapper found to be one line of JSON is copied into the line as the value of
     * {@code body}: escaping it into a string took a fifth of the archive's CPU time, and the escapes a tenth of
     * its bytes (docs/benchmarks.md). Any other body is escaped as text when it is UTF-8, in base64 otherwise.
     */
    public static void writeNdjson(List<Line> lines, OutputStream to) throws IOException {
        Envelope envelope = new Envelope();
        for (Line line : lines) {
            Delivery d = line.delivery();
            // ingest redacts before queueing; this covers deliveries queued by earlier versions and replays
            byte[] body = SecretValues.redact(d.event(), d.body());
            boolean text = isUtf8(body);
            boolean embedded = text && line.oneLineJson();
            envelope.reset();
            try (JsonGenerator out = JSON.createGenerator(envelope)) {
                out.writeStartObject();
                out.writeStringField("delivery_id", d.deliveryId());
                out.writeStringField("event", d.event());
                out.writeStringField("hook_id", d.hookId());
                out.writeStringField("installation_target_type", d.targetType());
                out.writeStringField("installation_target_id", d.targetId());
                out.writeStringField("received_at", d.receivedAt().toString());
                if (d.signature() != null) {
                    out.writeStringField("signature", d.signature());
                }
                if (line.error() != null) {
                    out.writeStringField("error", line.error());
                }
                if (!text) {
                    out.writeStringField("body_base64", Base64.getEncoder().encodeToString(body));
                } else if (!embedded) {
                    out.writeFieldName("body");
                    out.writeUTF8String(body, 0, body.length);
                } // else the body is copied in below, after the other fields: {"delivery_id":…,"body":{…}}
                out.writeEndObject();
            }
            if (embedded) {
                envelope.writeAllButLastByte(to); // the closing brace
                to.write(EMBEDDED_BODY);
                to.write(body);
                to.write('}');
            } else {
                envelope.writeTo(to);
            }
            to.write('\n');
        }
    }

    /** A line's JSON object but for an embedded body, written by Jackson, reused from line to line. */
    private static final class Envelope extends ByteArrayOutputStream {
        Envelope() {
            super(1024);
        }

        void writeAllButLastByte(OutputStream to) throws IOException {
            to.write(buf, 0, count - 1);
        }
    }

    /** The bytes of an array read eight at a time, as one {@code long}. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    /** The high bit of each of eight bytes: set in a non-ASCII byte only. */
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * Whether the bytes are well-formed UTF-8. Most bodies are ASCII: checked eight bytes at a time first (byte by
     * byte, this check took 2–3 % of the flush loop's samples); the rest are decoded a chunk at a time into a small
     * buffer, not into a copy of the whole body.
     */
    static boolean isUtf8(byte[] bytes) {
        int i = 0;
        while (i <= bytes.length - Long.BYTES && ((long) EIGHT_BYTES.get(bytes, i) & HIGH_BITS) == 0) {
            i += Long.BYTES;
        }
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

    /** A gzip stream at a given deflate level. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }

    /** Reads the deliveries back from an archive file, gzip'd or in Zstandard (told apart by its magic number). */
    public static List<Delivery> read(byte[] file) {
        byte[] ndjson;
        try (InputStream in = isZstd(file) ? new ZstdInputStream(new ByteArrayInputStream(file))
                : new GZIPInputStream(new ByteArrayInputStream(file))) {
            ndjson = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (int start = 0; start < ndjson.length; ) {
            int end = start;
            while (end < ndjson.length && ndjson[end] != '\n') {
                end++;
            }
            if (!isBlank(ndjson, start, end)) {
                deliveries.add(delivery(Arrays.copyOfRange(ndjson, start, end)));
            }
            start = end + 1;
        }
        return deliveries;
    }

    /** Whether a file starts as a Zstandard frame does. */
    private static boolean isZstd(byte[] file) {
        return file.length >= 4
                && ByteBuffer.wrap(file, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == ZstdCodecs.ZSTD_MAGIC;
    }

    /**
     * One line's delivery. An embedded body is cut out of the line's bytes (from its '{' to its '}'), so it comes
     * back byte for byte; a text body is decoded from its string, a base64 one from its encoding.
     */
    static Delivery delivery(byte[] line) {
        Map<String, String> fields = new HashMap<>();
        byte[] body = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a raw archive line is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("body") && value == JsonToken.START_OBJECT) {
                    int from = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    body = Arrays.copyOfRange(line, from, (int) p.currentLocation().getByteOffset());
                } else if (value.isStructStart()) {
                    p.skipChildren(); // a field a later version may add
                } else if (value != JsonToken.VALUE_NULL) {
                    fields.put(name, p.getText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body == null && fields.containsKey("body_base64")) {
            body = Base64.getDecoder().decode(fields.get("body_base64"));
        } else if (body == null && fields.containsKey("body")) {
            body = fields.get("body").getBytes(StandardCharsets.UTF_8);
        }
        if (body == null || !fields.keySet().containsAll(List.of("event", "delivery_id", "received_at"))) {
            throw new IllegalArgumentException("a raw archive line lacks one of event, delivery_id, received_at, "
                    + "body or body_base64 (it has " + fields.keySet() + (body == null ? "" : " and a body") + ")");
        }
        return new Delivery(fields.get("event"), fields.get("delivery_id"), fields.get("hook_id"),
                fields.get("installation_target_type"), fields.get("installation_target_id"),
                Instant.parse(fields.get("received_at")), body, fields.get("signature"));
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return false;
            }
        }
        return true;
    }
}
