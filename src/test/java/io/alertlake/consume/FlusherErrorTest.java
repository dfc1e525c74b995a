package io.alertlake.consume;

import io.alertlake.aws.QueueUrls;
import io.alertlake.lake.LakeWriter;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The consumer's flusher dying of an Error (here its first flush) in local mode, where the process lives on: the
 * receivers stop too, and what is sent afterwards waits on the queue instead of being received into a batch that
 * nothing flushes (to come back, receive after receive, until the dead-letter queue takes it).
 */
@QuarkusTest
@TestProfile(FlusherErrorTest.Profile.class)
class FlusherErrorTest {

    public static class Profile extends ConsumerProfile.WithAlternative {
        public Profile() {
            super("flusher-error-test-data", DyingFlusher.class);
        }
    }

    /** The real flusher, but for its first flush, which ends in an Error. */
    @Alternative
    @Singleton
    public static class DyingFlusher extends BatchFlusher {
        private final AtomicBoolean died = new AtomicBoolean();

        @Inject
        DyingFlusher(LakeWriter lake, PartitionRegistry partitions, SqsAsyncClient sqs, QueueUrls queues,
                     ConsumerMetrics metrics) {
            super(lake, partitions, sqs, queues, metrics);
        }

        @Override
        void flush(Batch batch) {
            if (died.compareAndSet(false, true)) {
                throw new OutOfMemoryError("flushing " + batch.messages.size() + " deliveries");
            }
            super.flush(batch); // the shutdown's last flush
        }
    }

    @Inject
    SqsAsyncClient sqs;
    @Inject
    QueueUrls queues;

    private int queued(String attribute) throws Exception {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queues.deliveries())
                .attributeNamesWithStrings(attribute)).get().attributesAsStrings().get(attribute));
    }

    @Test
    void whenTheFlusherDiesTheReceiversStopAndLaterDeliveriesWaitOnTheQueue() throws Exception {
        var fixture = Fixtures.webhook("dependabot_alert/created.json");
        Webhooks.post(fixture.event(), "first-" + UUID.randomUUID(), fixture.body()).then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/live").then()
                .statusCode(503).body(containsString("java.lang.OutOfMemoryError")));

        Webhooks.post(fixture.event(), "later-" + UUID.randomUUID(), fixture.body()).then().statusCode(202);
        // both wait, the first one visible again once its visibility timeout (2 s) passed; a receiver's last long
        // poll (1 s) may still take the later one once, and hide it for 2 s
        await().atMost(Duration.ofSeconds(20)).until(() -> queued("ApproximateNumberOfMessages") == 2
                && queued("ApproximateNumberOfMessagesNotVisible") == 0);
        // and neither is being received over and over: for longer than a poll and a visibility timeout, none hidden
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> queued("ApproximateNumberOfMessagesNotVisible") == 0);
        assertThat(queued("ApproximateNumberOfMessages")).isEqualTo(2);
    }
}
