package io.alertlake.consume;

import io.alertlake.delivery.Delivery;
import io.alertlake.lake.LakePaths;
import io.alertlake.lake.RawArchive;
import io.alertlake.local.LocalStack;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code alertlake.lake.raw-compression=zstd} the consumer archives deliveries to {@code raw/…ndjson.zst}
 * (and to no {@code .ndjson.gz}), as received, and a replay rebuilds the findings from those files.
 */
@QuarkusTest
@TestProfile(ZstdRawArchiveTest.Profile.class)
class ZstdRawArchiveTest {

    public static class Profile extends ConsumerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("alertlake.local.data-dir", "target/zstd-raw-test-data");
            config.put("alertlake.lake.raw-compression", "zstd");
            return config;
        }
    }

    @Inject
    LocalStack localStack;
    @Inject
    DeliveryConsumer consumer;

    @Test
    void deliveriesAreArchivedInZstandardAndReplayedFromThem() throws Exception {
        consumer.start();
        Map<String, Long> earlier = findingFiles();
        String id = "zstd-" + UUID.randomUUID();
        byte[] body = Fixtures.webhook("code_scanning_alert/fixed.json").oneLineBody();
        Webhooks.post("code_scanning_alert", id, body).then().statusCode(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> archived(".ndjson.zst").containsKey(id));
        assertThat(archived(".ndjson.zst").get(id).body()).isEqualTo(body);
        assertThat(archived(".ndjson.gz")).doesNotContainKey(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> !earlier.keySet().containsAll(findingFiles().keySet()));

        // lose this delivery's findings, then rebuild them from the Zstandard files
        Map<String, Long> before = findingFiles();
        Map<String, Long> ours = new TreeMap<>(before);
        ours.keySet().removeAll(earlier.keySet());
        for (String f : ours.keySet()) {
            Files.delete(localStack.bucketDir().resolve("findings").resolve(f));
        }
        String today = LakePaths.day(Instant.now());
        Map<String, Object> replayed = given().header("Authorization", "Bearer test-token")
                .post("/admin/replay?from=" + today + "&to=" + today)
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(((Number) replayed.get("deliveries")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(findingFiles()).isEqualTo(before);
    }

    /** The deliveries of the {@code raw/} files whose names end so, by delivery id. */
    private Map<String, Delivery> archived(String suffix) throws IOException {
        Map<String, Delivery> byId = new HashMap<>();
        for (Path p : files("raw", suffix)) {
            RawArchive.read(Files.readAllBytes(p)).forEach(d -> byId.put(d.deliveryId(), d));
        }
        return byId;
    }

    private Map<String, Long> findingFiles() throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        Path root = localStack.bucketDir().resolve("findings");
        for (Path p : files("findings", ".parquet")) {
            sizes.put(root.relativize(p).toString(), size(p));
        }
        return sizes;
    }

    private List<Path> files(String prefix, String suffix) throws IOException {
        Path root = localStack.bucketDir().resolve(prefix);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
