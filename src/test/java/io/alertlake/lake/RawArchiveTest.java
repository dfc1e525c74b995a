package io.alertlake.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.delivery.Delivery;
import io.alertlake.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class RawArchiveTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-01T10:00:00.123Z");

    @Test
    void everyDeliveryComesBackAsReceivedOneLineEach() throws Exception {
        List<Delivery> deliveries = new ArrayList<>();
        for (Fixtures.Webhook f : Fixtures.webhooks()) {
            deliveries.add(new Delivery(f.event(), "id-" + deliveries.size(), "1", "integration", "2", RECEIVED, f.body()));
        }
        deliveries.add(new Delivery("code_scanning_alert", "not-utf8", null, null, null, RECEIVED,
                new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'}));
        List<ObjectNode> lines = deliveries.stream().map(d -> RawArchive.line(d, null)).toList();

        byte[] file = RawArchive.write(lines);

        assertThat(RawArchive.read(file)).containsExactlyElementsOf(deliveries);
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n");
        String[] ndjson = text.split("\n");
        assertThat(ndjson).hasSize(deliveries.size());
        var json = new ObjectMapper();
        for (int i = 0; i < ndjson.length; i++) {
            assertThat(json.readTree(ndjson[i])).isEqualTo(lines.get(i));
        }
    }

    @Test
    void quarantineLinesKeepTheirErrorAndAnEmptyFileIsAValidGzip() throws Exception {
        Delivery d = new Delivery("dependabot_alert", "bad", null, null, null, RECEIVED,
                "{ nope".getBytes(StandardCharsets.UTF_8));
        byte[] file = RawArchive.write(List.of(RawArchive.line(d, "not JSON")));
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(new ObjectMapper().readTree(text).get("error").asText()).isEqualTo("not JSON");
        assertThat(RawArchive.read(file)).containsExactly(d);

        assertThat(new GZIPInputStream(new ByteArrayInputStream(RawArchive.write(List.of()))).readAllBytes()).isEmpty();
    }
}
