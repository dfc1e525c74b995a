package io.alertlake.consume;

import io.alertlake.testing.TestDataDirs;
import io.alertlake.local.LocalStack;
import io.alertlake.testing.BucketFiles;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.Webhooks;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping local mode loses nothing: its queue lives in the process, so the consumer, which stops before the
 * stand-ins do, receives what is still queued and flushes everything it holds into the lake on disk.
 */
@QuarkusTest
@TestProfile(LocalShutdownTest.LongFlushes.class)
class LocalShutdownTest {

    /** Flushes far apart: only the shutdown writes anything. */
    public static class LongFlushes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "alertlake.roles", "ingest,consume",
                    "alertlake.local.data-dir", TestDataDirs.fresh("local-shutdown-test-data"),
                    "alertlake.consumer.flush-interval", "10m",
                    "alertlake.queue.visibility-timeout", "20m",
                    "alertlake.consumer.poll-wait", "1s");
        }
    }

    @Inject
    LocalStack localStack;
    @Inject
    DeliveryConsumer consumer;
    @Inject
    Event<ShutdownEvent> shutdown;

    @Test
    void everyAcceptedDeliveryIsInTheLakeAfterShutdown() throws Exception {
        org.apache.commons.io.FileUtils.deleteDirectory(localStack.bucketDir().resolve("raw").toFile());
        org.apache.commons.io.FileUtils.deleteDirectory(localStack.bucketDir().resolve("findings").toFile());
        consumer.start();
        byte[] body = Fixtures.webhook("dependabot_alert/created.json").body();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = "shutdown-" + i + "-" + UUID.randomUUID();
            Webhooks.post("dependabot_alert", id, body).then().statusCode(202);
            ids.add(id);
        }
        assertThat(BucketFiles.under(localStack, "raw", ".gz")).as("nothing flushed before the shutdown").isEmpty();

        shutdown.fire(new ShutdownEvent()); // as Quarkus does when the process stops

        assertThat(BucketFiles.rawDeliveries(localStack, ".gz")).containsKeys(ids.toArray(String[]::new));
        assertThat(BucketFiles.findings(localStack)).isNotEmpty();
    }
}
