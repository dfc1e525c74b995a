package io.alertlake.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.config.RawCompression;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.SecretValues;
import io.alertlake.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawArchiveTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-01T10:00:00.123Z");

    @Test
    void everyDeliveryComesBackAsReceivedOneLineEach() throws Exception {
        var json = new ObjectMapper();
        List<RawArchive.Line> lines = new ArrayList<>();
        for (Fixtures.Webhook f : Fixtures.webhooks()) {
            lines.add(new RawArchive.Line(new Delivery(f.event(), "id-" + lines.size(), "1", "integration", "2",
                    RECEIVED, f.body()), null));
            // as GitHub sends it: one line of JSON, which the line holds as it is, with its signature
            lines.add(new RawArchive.Line(new Delivery(f.event(), "id-" + lines.size(), "1", "integration", "2",
                    RECEIVED, f.oneLineBody(), "sha256=" + "ab".repeat(32)), null, true));
        }
        // escapes, non-ASCII text, a unicode escape and a number that a parser and writer would not give back as they were
        lines.add(new RawArchive.Line(new Delivery("code_scanning_alert", "escapes", null, null, null, RECEIVED,
                "{\"t\":\"\\\"é\\u00e9 😀\\n\",\"n\":1.50e+1,\"x\":{\"y\":[]}}".getBytes(StandardCharsets.UTF_8)),
                null, true));
        lines.add(new RawArchive.Line(new Delivery("code_scanning_alert", "not-utf8", null, null, null, RECEIVED,
                new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'}), null, true));

        byte[] file = RawArchive.write(lines);

        // grouped by event, in the order given within an event (linesOfOneEventStandTogether)
        lines.sort(java.util.Comparator.comparing(l -> l.delivery().event()));
        // as received, but for a secret scanning alert's secret (the next test)
        List<Delivery> archived = lines.stream().map(RawArchive.Line::delivery).map(d -> new Delivery(d.event(),
                d.deliveryId(), d.hookId(), d.targetType(), d.targetId(), d.receivedAt(),
                SecretValues.redact(d.event(), d.body()), d.signature())).toList();
        assertThat(RawArchive.read(file)).containsExactlyElementsOf(archived);
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n");
        String[] ndjson = text.split("\n");
        assertThat(ndjson).hasSize(lines.size());
        for (int i = 0; i < ndjson.length; i++) {
            assertThat(json.readTree(ndjson[i])).isEqualTo(expectedLine(archived.get(i), null,
                    lines.get(i).oneLineJson()));
        }
        assertThat(Arrays.stream(ndjson).filter(l -> l.contains("\"delivery_id\":\"escapes\"")))
                .as("copied, not escaped").singleElement().asString()
                .endsWith(",\"body\":{\"t\":\"\\\"é\\u00e9 😀\\n\",\"n\":1.50e+1,\"x\":{\"y\":[]}}}");
    }

    @Test
    void aBodyOfAnyDepthOrLengthThatWasArchivedIsReadBack() {
        // a JSON body nested 1,000 deep (Jackson's default limit): the line adds one level
        byte[] deep = ("{\"d\":" + "[".repeat(999) + "]".repeat(999) + "}").getBytes(StandardCharsets.UTF_8);
        // text of more than 20 million characters, kept as a string; and bytes that are not UTF-8, as base64
        byte[] text = ("{\"t\":\n\"" + "x".repeat(20_000_001) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] binary = new byte[15_100_000];
        Arrays.fill(binary, (byte) 0xFF);
        List<RawArchive.Line> lines = List.of(
                new RawArchive.Line(new Delivery("code_scanning_alert", "deep", null, null, null, RECEIVED, deep), null,
                        true),
                new RawArchive.Line(new Delivery("code_scanning_alert", "text", null, null, null, RECEIVED, text), null),
                new RawArchive.Line(new Delivery("code_scanning_alert", "binary", null, null, null, RECEIVED, binary),
                        null));

        assertThat(RawArchive.read(RawArchive.write(lines)))
                .containsExactlyElementsOf(lines.stream().map(RawArchive.Line::delivery).toList());
    }

    @Test
    void linesOfOneEventStandTogetherInTheOrderGiven() {
        List<RawArchive.Line> lines = new ArrayList<>();
        String[] events = {"dependabot_alert", "code_scanning_alert", "dependabot_alert", "secret_scanning_alert",
                "code_scanning_alert", "dependabot_alert"};
        for (int i = 0; i < events.length; i++) {
            lines.add(new RawArchive.Line(new Delivery(events[i], "d" + i, null, null, null, RECEIVED,
                    "{}".getBytes(StandardCharsets.UTF_8)), null, true));
        }

        List<String> order = RawArchive.read(RawArchive.write(lines)).stream()
                .map(d -> d.event() + " " + d.deliveryId()).toList();

        assertThat(order).containsExactly("code_scanning_alert d1", "code_scanning_alert d4",
                "dependabot_alert d0", "dependabot_alert d2", "dependabot_alert d5", "secret_scanning_alert d3");
    }

    @Test
    void everyLevelWritesAFileAnyGzipReaderReadsBack() throws Exception {
        List<RawArchive.Line> lines = new ArrayList<>();
        for (Fixtures.Webhook f : Fixtures.webhooks()) {
            lines.add(new RawArchive.Line(new Delivery(f.event(), "id-" + lines.size(), "1", "integration", "2",
                    RECEIVED, f.oneLineBody()), null, true));
        }
        byte[] fastest = RawArchive.write(lines, 1);
        byte[] levelTwo = RawArchive.write(lines, 2);
        byte[] byDefault = RawArchive.write(lines);
        byte[] stored = RawArchive.write(lines, 0);
        byte[] smallest = RawArchive.write(lines, 9);
        byte[] ndjson = new GZIPInputStream(new ByteArrayInputStream(fastest)).readAllBytes();
        for (byte[] file : List.of(stored, levelTwo, byDefault, smallest)) {
            assertThat(new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes()).isEqualTo(ndjson);
            assertThat(RawArchive.read(file)).isEqualTo(RawArchive.read(fastest));
        }
        assertThat(stored.length).isGreaterThan(ndjson.length);
        assertThat(smallest.length).isLessThan(levelTwo.length);
        assertThat(levelTwo.length).isLessThan(fastest.length);
        assertThat(fastest.length).isLessThan(ndjson.length / 4);
        // the default encoder, on GitHub's own payloads: fewer bytes than zlib's fastest level
        assertThat(byDefault.length).isLessThan(fastest.length);
    }

    @Test
    void aZstandardArchiveOfManyFramesHoldsTheSameLinesAndDuckDbReadsItAndTheGzipOne(@TempDir Path dir) throws Exception {
        List<RawArchive.Line> lines = new ArrayList<>();
        long bodies = 0;
        while (bodies <= 3L * ZstdFrames.FRAME_BYTES) { // more than three frames of lines
            for (Fixtures.Webhook f : Fixtures.webhooks()) {
                byte[] body = lines.size() % 2 == 0 ? f.oneLineBody() : f.body();
                lines.add(new RawArchive.Line(new Delivery(f.event(), "id-" + lines.size(), "1", "integration", "2",
                        RECEIVED, body), null, lines.size() % 2 == 0));
                bodies += body.length;
            }
        }
        byte[] gzip = RawArchive.write(lines);
        byte[] zstd = RawArchive.write(lines, RawCompression.ZSTD, OptionalInt.empty());
        byte[] ndjson = new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes();
        assertThat(ndjson.length).isGreaterThan(3 * ZstdFrames.FRAME_BYTES);

        assertThat(RawArchive.read(zstd)).isEqualTo(RawArchive.read(gzip)).hasSize(lines.size());
        assertThat(zstd.length).isLessThan(gzip.length);

        // DuckDB (libzstd) reads the file as the lines' NDJSON: frames one after another are one stream
        Path file = Files.write(dir.resolve("batch.ndjson.zst"), zstd);
        Path plain = Files.write(dir.resolve("batch.ndjson"), ndjson);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            String query = "SELECT count(*), count(DISTINCT delivery_id), sum(length(CAST(body AS VARCHAR))) "
                    + "FROM read_json('%s', format = 'newline_delimited', columns = {delivery_id: 'VARCHAR', "
                    + "body: 'JSON'})";
            List<Object> fromZstd = row(s, query.formatted(file));
            assertThat(fromZstd.get(0)).isEqualTo((long) lines.size());
            assertThat(fromZstd).isEqualTo(row(s, query.formatted(plain)));
            // and the default gzip (alertlake's own deflate, more than a chunk of it) with DuckDB's own inflate
            assertThat(ndjson.length).isGreaterThan(FastGzip.CHUNK);
            Path gz = Files.write(dir.resolve("batch.ndjson.gz"), gzip);
            assertThat(row(s, query.formatted(gz))).isEqualTo(fromZstd);
        }
    }

    private static List<Object> row(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).isTrue();
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                row.add(r.getObject(i) instanceof Number n ? n.longValue() : r.getObject(i));
            }
            return row;
        }
    }

    @Test
    void anArchiveOfNoLinesInZstandardReadsBackEmpty() {
        byte[] empty = RawArchive.write(List.of(), RawCompression.ZSTD, OptionalInt.empty());
        assertThat(RawArchive.read(empty)).isEmpty();
    }

    @Test
    void aLevelDeflateDoesNotHaveIsRefusedNamingTheSetting() {
        for (int level : new int[]{-1, 10}) {
            assertThatThrownBy(() -> RawArchive.write(List.of(), level))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("alertlake.lake.raw-gzip-level").hasMessageContaining(Integer.toString(level));
        }
    }

    @Test
    void noSecretValueIsArchivedEvenFromADeliveryQueuedUnredacted() throws Exception {
        var f = Fixtures.webhook("secret_scanning_alert_location/created.rest-api-description.json");
        String secret = "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX-us2";
        assertThat(new String(f.body(), StandardCharsets.UTF_8)).contains(secret);
        Delivery d = new Delivery(f.event(), "old", null, null, null, RECEIVED, f.body());
        Delivery oneLine = new Delivery(f.event(), "old-one-line", null, null, null, RECEIVED, f.oneLineBody());
        assertThat(new String(oneLine.body(), StandardCharsets.UTF_8)).contains(secret);
        byte[] file = RawArchive.write(List.of(new RawArchive.Line(d, null), new RawArchive.Line(d, "quarantined"),
                new RawArchive.Line(oneLine, null, true)));
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(secret).contains(SecretValues.REDACTED);
    }

    /**
     * The archive's line format, field by field (replays of files written by earlier versions read the same):
     * {@code body} is the payload itself when it is one line of UTF-8 JSON, else its text, else base64.
     */
    private static ObjectNode expectedLine(Delivery d, String error, boolean oneLineJson) throws Exception {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("delivery_id", d.deliveryId());
        n.put("event", d.event());
        n.put("hook_id", d.hookId());
        n.put("installation_target_type", d.targetType());
        n.put("installation_target_id", d.targetId());
        n.put("received_at", d.receivedAt().toString());
        if (d.signature() != null) {
            n.put("signature", d.signature());
        }
        String text = new String(d.body(), StandardCharsets.UTF_8);
        boolean utf8 = java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), d.body());
        if (utf8 && oneLineJson) {
            n.set("body", new ObjectMapper().readTree(d.body()));
        } else if (utf8) {
            n.put("body", text);
        } else {
            n.put("body_base64", java.util.Base64.getEncoder().encodeToString(d.body()));
        }
        if (error != null) {
            n.put("error", error);
        }
        return n;
    }

    @Test
    void onlyWellFormedUtf8IsArchivedAsText() {
        String text = "{\"title\": \"" + "Überprüfung ✓ 😀 ".repeat(200) + "\"}"; // longer than one decoding chunk
        assertThat(RawArchive.isUtf8(text.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(RawArchive.isUtf8("plain ascii".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(RawArchive.isUtf8(new byte[0])).isTrue();
        byte[] valid = text.getBytes(StandardCharsets.UTF_8);
        assertThat(RawArchive.isUtf8(java.util.Arrays.copyOf(valid, valid.length - 4))).as("cut inside 😀").isFalse();
        byte[] latin1 = "{\"title\": \"Überprüfung\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RawArchive.isUtf8(latin1)).isFalse();
        assertThat(RawArchive.isUtf8(new byte[] {'a', (byte) 0x80, 'b'})).as("a lone continuation byte").isFalse();
        assertThat(RawArchive.isUtf8(new byte[] {(byte) 0xC0, (byte) 0xAF})).as("an overlong '/'").isFalse();
        assertThat(RawArchive.isUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).as("a surrogate").isFalse();
    }

    @Test
    void aNonAsciiByteIsFoundWhereverItStands() {
        // ASCII is checked eight bytes at a time, the rest byte by byte: every position within and after the words
        for (int length = 1; length <= 40; length++) {
            for (int at = 0; at < length; at++) {
                byte[] bytes = "x".repeat(length).getBytes(StandardCharsets.US_ASCII);
                bytes[at] = (byte) 0xFF; // never in UTF-8
                assertThat(RawArchive.isUtf8(bytes)).as("0xFF at %d of %d", at, length).isFalse();
                if (at + 1 < length) {
                    bytes[at] = (byte) 0xC3; // é
                    bytes[at + 1] = (byte) 0xA9;
                    assertThat(RawArchive.isUtf8(bytes)).as("é at %d of %d", at, length).isTrue();
                }
            }
        }
    }

    @Test
    void quarantineLinesKeepTheirErrorAndAnEmptyFileIsAValidGzip() throws Exception {
        Delivery d = new Delivery("dependabot_alert", "bad", null, null, null, RECEIVED,
                "{ nope".getBytes(StandardCharsets.UTF_8));
        byte[] file = RawArchive.write(List.of(new RawArchive.Line(d, "not JSON")));
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(new ObjectMapper().readTree(text)).isEqualTo(expectedLine(d, "not JSON", false));
        assertThat(RawArchive.read(file)).containsExactly(d);

        assertThat(new GZIPInputStream(new ByteArrayInputStream(RawArchive.write(List.of()))).readAllBytes()).isEmpty();
    }

    @Test
    void aLineWithoutItsDeliveryFieldsIsAClearError() {
        assertThatThrownBy(() -> RawArchive.delivery("{\"event\":\"ping\",\"body\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks one of event, delivery_id");
        assertThatThrownBy(() -> RawArchive.delivery(("{\"event\":\"ping\",\"delivery_id\":\"d\","
                + "\"received_at\":\"2026-11-01T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body_base64");
    }
}
