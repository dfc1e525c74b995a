package io.alertlake.consume;

import io.alertlake.testing.TestDataDirs;
import io.alertlake.testing.BucketFiles;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code alertlake.lake.raw-compression=zstd} the consumer archives deliveries to {@code raw/…ndjson.zst}
 * (and to no {@code .ndjson.gz}) as received, and every replay test of {@link ReplayTest} passes from those files.
 */
@QuarkusTest
@TestProfile(ZstdReplayTest.Profile.class)
class ZstdReplayTest extends ReplayTest {

    public static class Profile extends ConsumerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("alertlake.local.data-dir", TestDataDirs.fresh("zstd-replay-test-data"));
            config.put("alertlake.lake.raw-compression", "zstd");
            return config;
        }
    }

    @Test
    void deliveriesAreArchivedInZstandard() {
        consumer.start();
        String id = "zstd-" + UUID.randomUUID();
        byte[] body = Fixtures.webhook("code_scanning_alert/fixed.json").oneLineBody();
        Webhooks.post("code_scanning_alert", id, body).then().statusCode(202);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> BucketFiles.rawDeliveries(localStack, ".ndjson.zst").containsKey(id));
        assertThat(BucketFiles.rawDeliveries(localStack, ".ndjson.zst").get(id).body()).isEqualTo(body);
        assertThat(BucketFiles.rawDeliveries(localStack, ".ndjson.gz")).doesNotContainKey(id);
    }
}
