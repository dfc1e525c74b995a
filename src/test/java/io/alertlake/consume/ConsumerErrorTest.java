package io.alertlake.consume;

import io.alertlake.aws.QueueUrls;
import io.alertlake.delivery.Delivery;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * A consumer thread that dies of an Error (here a stack overflow while mapping one delivery) is reported by liveness,
 * and what it was processing stays on the queue. Outside local mode the process also exits, which a test cannot see.
 */
@QuarkusTest
@TestProfile(ConsumerErrorTest.Profile.class)
class ConsumerErrorTest {

    static final String FATAL = "fatal-" + UUID.randomUUID();

    public static class Profile extends ConsumerProfile.WithAlternative {
        public Profile() {
            super("consumer-error-test-data", OverflowingMapper.class);
        }
    }

    /** The real mapper, except that mapping the delivery {@link #FATAL} overflows the stack. */
    @Alternative
    @Singleton
    public static class OverflowingMapper extends OcsfMapper {
        @Override
        public Mapped map(Delivery d) {
            if (FATAL.equals(d.deliveryId())) {
                throw new StackOverflowError("mapping " + d.deliveryId());
            }
            return super.map(d);
        }
    }

    @Inject
    DeliveryConsumer consumer;
    @Inject
    SqsAsyncClient sqs;
    @Inject
    QueueUrls queues;

    @Test
    void aReceiverKilledByAnErrorTurnsLivenessDownAndLeavesTheDeliveryOnTheQueue() throws Exception {
        given().get("/q/health/live").then().statusCode(200).body(containsString("delivery-consumer"));
        var fixture = Fixtures.webhook("dependabot_alert/created.json");

        Webhooks.post(fixture.event(), FATAL, fixture.body()).then().statusCode(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/live").then()
                .statusCode(503).body(containsString("delivery-consumer"))
                .body(containsString("java.lang.StackOverflowError")));
        assertThat(consumer.failure()).containsInstanceOf(StackOverflowError.class);
        // several flush intervals later the delivery is neither written nor quarantined nor deleted
        Thread.sleep(1500);
        var queued = sqs.getQueueAttributes(r -> r.queueUrl(queues.deliveries()).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).get().attributesAsStrings();
        assertThat(Integer.parseInt(queued.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(queued.get("ApproximateNumberOfMessagesNotVisible"))).isEqualTo(1);
    }
}
