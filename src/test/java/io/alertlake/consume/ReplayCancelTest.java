package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.lake.LakePaths;
import io.alertlake.lake.LakeWriter;
import io.alertlake.local.LocalStack;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.testing.BucketFiles;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * An operator cancels a replay with {@code DELETE /admin/replay/{id}}: it stops before its next batch and ends
 * {@code CANCELLED}; a replay that has ended, or that never was, cannot be.
 */
@QuarkusTest
@TestProfile(ReplayCancelTest.Profile.class)
class ReplayCancelTest {

    public static class Profile extends ConsumerProfile.WithAlternative {
        public Profile() {
            super("replay-cancel-test-data", HeldReplayer.class);
        }
    }

    /** The real replayer, held at the start of a replay until the test lets it go: a replay of months, made short. */
    @Alternative
    @Singleton
    public static class HeldReplayer extends Replayer {
        static volatile CountDownLatch hold = new CountDownLatch(0);

        @Inject
        HeldReplayer(S3Client s3, AlertlakeConfig config, OcsfMapper mapper, LakeWriter lake,
                     PartitionRegistry partitions) {
            super(s3, config, mapper, lake, partitions);
        }

        @Override
        public void replay(LocalDate from, LocalDate to, ReplayRun run) {
            try {
                hold.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.replay(from, to, run);
        }
    }

    @Inject
    LocalStack localStack;
    @Inject
    DeliveryConsumer consumer;

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-token");
    }

    private static Map<String, Object> progress(String id) {
        return admin().get("/admin/replay/" + id).then().statusCode(200).extract().jsonPath().getMap("");
    }

    private static String startReplayOfToday() {
        Instant now = Instant.now();
        return admin().post("/admin/replay?from=" + LakePaths.day(now.minus(Duration.ofDays(1))) + "&to="
                + LakePaths.day(now)).then().statusCode(202).extract().jsonPath().getString("id");
    }

    @Test
    void aCancelledReplayStopsBeforeItsNextBatchAndEndsCancelled() throws Exception {
        consumer.start();
        Map<String, Long> earlier = BucketFiles.findings(localStack);
        Webhooks.post("dependabot_alert", "cancel-" + UUID.randomUUID(),
                Fixtures.webhook("dependabot_alert/fixed.json").body()).then().statusCode(202);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !earlier.keySet().containsAll(BucketFiles.findings(localStack).keySet()));
        Map<String, Long> flushed = BucketFiles.findings(localStack);

        HeldReplayer.hold = new CountDownLatch(1);
        String id = startReplayOfToday();
        admin().delete("/admin/replay/" + id).then().statusCode(202)
                .body("id", equalTo(id)).body("status", equalTo("RUNNING"));
        HeldReplayer.hold.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> !"RUNNING".equals(progress(id).get("status")));
        Map<String, Object> done = progress(id);
        assertThat(done.get("status")).as("replay %s", done).isEqualTo("CANCELLED");
        assertThat((Integer) done.get("batches")).isPositive();
        assertThat(done.get("batchesDone")).isEqualTo(0);
        assertThat((String) done.get("error")).startsWith("cancelled after 0 of");
        assertThat(BucketFiles.findings(localStack)).isEqualTo(flushed); // nothing replayed, nothing removed

        // ended: a second cancel is refused, saying so; the next replay is not held up by the cancelled one
        admin().delete("/admin/replay/" + id).then().statusCode(409)
                .body("error", containsString("has already ended")).body("run.status", equalTo("CANCELLED"));
        HeldReplayer.hold = new CountDownLatch(0);
        String next = startReplayOfToday();
        await().atMost(Duration.ofSeconds(30)).until(() -> !"RUNNING".equals(progress(next).get("status")));
        assertThat(progress(next).get("status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aReplayThatNeverWasIsNotFoundAndCancellingNeedsTheToken() {
        admin().delete("/admin/replay/20260101T000000Z-deadbeef").then().statusCode(404)
                .body("error", containsString("no replay 20260101T000000Z-deadbeef"));
        given().delete("/admin/replay/20260101T000000Z-deadbeef").then().statusCode(401);
    }

    @Test
    void whileTheLakeDoesNotAnswerTheReplayEndpointsAnswer503AndThenWorkAgain() throws Exception {
        String today = LocalDate.now(java.time.ZoneOffset.UTC).toString();
        localStack.stopS3();
        try {
            for (var call : java.util.List.<java.util.function.Supplier<io.restassured.response.Response>>of(
                    () -> admin().get("/admin/replay"),
                    () -> admin().get("/admin/replay/20260101T000000Z-deadbeef"),
                    () -> admin().delete("/admin/replay/20260101T000000Z-deadbeef"),
                    () -> admin().post("/admin/replay?from=" + today + "&to=" + today))) {
                call.get().then().statusCode(503).header("Retry-After", "10")
                        .body("error", containsString("the lake's storage (S3) did not answer; try again"));
            }
        } finally {
            localStack.startS3();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/admin/replay").then().statusCode(200));
    }
}
