package io.alertlake.consume;

import io.alertlake.testing.TestDataDirs;
import io.alertlake.local.LocalStack;
import io.alertlake.testing.BucketFiles;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.LoggedLines;
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
        // three deliveries whose flush fails (S3 down): received and never deleted, invisible for the visibility
        // timeout (20 minutes here), and so still invisible when the process, and the local queue with it, ends
        for (int i = 0; i < 3; i++) {
            Webhooks.post("dependabot_alert", "lost-" + i + "-" + UUID.randomUUID(), body).then().statusCode(202);
        }
        // in the batch, not only received (a message is invisible before its receiver has mapped it)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> consumer.held() == 3);
        localStack.stopS3();
        try {
            consumer.flushNow();
        } finally {
            localStack.startS3();
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = "shutdown-" + i + "-" + UUID.randomUUID();
            Webhooks.post("dependabot_alert", id, body).then().statusCode(202);
            ids.add(id);
        }
        assertThat(BucketFiles.under(localStack, "raw", ".gz")).as("nothing flushed before the shutdown").isEmpty();

        // as Quarkus does when the process stops
        List<String> errors = LoggedLines.of(DeliveryConsumer.class, java.util.logging.Level.SEVERE,
                () -> shutdown.fire(new ShutdownEvent()));

        assertThat(BucketFiles.rawDeliveries(localStack, ".gz")).containsKeys(ids.toArray(String[]::new));
        assertThat(BucketFiles.findings(localStack)).isNotEmpty();
        // what the local queue takes with it is said, not lost silently
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("3 deliveries whose flush failed earlier are "
                + "still invisible on the local queue"));
    }
}
