package io.alertlake.consume;

import io.alertlake.delivery.Delivery;
import io.alertlake.lake.LakePaths;
import io.alertlake.lake.RawArchive;
import io.alertlake.local.LocalStack;
import io.alertlake.testing.BucketFiles;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rebuilding findings from the raw archive restores what a flush wrote, and running it twice changes nothing. */
@QuarkusTest
@TestProfile(ConsumerProfile.class)
class ReplayTest {

    @Inject
    LocalStack localStack;
    @Inject
    DeliveryConsumer consumer;
    @Inject
    BatchFlusher flusher;
    @Inject
    io.alertlake.ocsf.OcsfMapper mapper;
    @Inject
    Replayer replayer;

    Map<String, Long> findingFiles() {
        return BucketFiles.findings(localStack);
    }

    /** Replays yesterday and today: a test's deliveries may be received before midnight and replayed after it. */
    private Map<String, Object> replayToday() {
        Instant now = Instant.now();
        return replay(LakePaths.day(now.minus(Duration.ofDays(1))), LakePaths.day(now));
    }

    /** Starts a replay (202, with its id) and waits for its end; its progress as {@code GET /admin/replay/{id}} gives it. */
    static Map<String, Object> replay(String from, String to) {
        String id = given().header("Authorization", "Bearer test-token").post("/admin/replay?from=" + from + "&to=" + to)
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.containsString("/admin/replay/"))
                .extract().jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(progress(id).get("status")));
        Map<String, Object> done = progress(id);
        assertThat(done.get("status")).as("replay %s", done).isEqualTo("SUCCEEDED");
        assertThat(done.get("batchesDone")).isEqualTo(done.get("batches"));
        return done;
    }

    private static Map<String, Object> progress(String id) {
        return given().header("Authorization", "Bearer test-token").get("/admin/replay/" + id)
                .then().statusCode(200).extract().jsonPath().getMap("");
    }

    @Test
    void replayRebuildsFindingsIdempotently() throws Exception {
        consumer.start();
        Map<String, Long> earlier = findingFiles();
        String id = "replay-" + UUID.randomUUID();
        Webhooks.post("dependabot_alert", id, Fixtures.webhook("dependabot_alert/fixed.json").body())
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> !earlier.keySet().containsAll(findingFiles().keySet()));
        Map<String, Long> before = findingFiles();
        Map<String, Long> ours = new TreeMap<>(before);
        ours.keySet().removeAll(earlier.keySet());

        // lose the findings (say, a bad mapping was deleted), then rebuild them from raw/
        for (String f : ours.keySet()) {
            Files.delete(localStack.bucketDir().resolve("findings").resolve(f));
        }
        pastTheFlush();
        Map<String, Object> first = replayToday();
        assertThat(((Number) first.get("deliveries")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(findingFiles()).isEqualTo(before);

        Map<String, Object> second = replayToday();
        assertThat(second.get("records")).isEqualTo(first.get("records"));
        assertThat(findingFiles()).isEqualTo(before);
    }

    @Test
    void aBatchReceivedOnTwoDaysIsReplayedWholeFromEitherDay() throws Exception {
        // a flush just after midnight: one delivery received the day before, one on the day (two raw files, one
        // batch); the findings partitions of the two differ
        Instant midnight = LocalDate.of(2025, 3, 2).atStartOfDay(ZoneOffset.UTC).toInstant();
        Batch batch = new Batch();
        for (var d : List.of(
                new Delivery("dependabot_alert", "midnight-" + UUID.randomUUID(), null, null, null,
                        midnight.minusSeconds(10), Fixtures.webhook("dependabot_alert/created.json").body()),
                new Delivery("code_scanning_alert", "midnight-" + UUID.randomUUID(), null, null, null,
                        midnight.plusSeconds(10), Fixtures.webhook("code_scanning_alert/fixed.json").oneLineBody()))) {
            // as the consumer archives them: the one-line payload is copied into its raw line, the other escaped
            var mapped = mapper.map(d);
            DeliveryConsumer.add(batch, mapped);
            batch.raw.add(RawArchive.Line.mapped(d, mapped));
        }
        Map<String, Long> earlier = findingFiles();
        // the S3 stand-in may have been restarted by an outage test of the same application: a first request on
        // a stale connection can fail, and a write is idempotent (the batch keeps its name)
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            flusher.write(batch);
            return true;
        });
        Map<String, Long> written = new TreeMap<>(findingFiles());
        written.keySet().removeAll(earlier.keySet());
        assertThat(written).hasSize(2);

        for (String day : List.of("2025-03-01", "2025-03-02")) {
            replay(day, day);
            // neither day's replay overwrites or deletes what the other day's deliveries contributed
            assertThat(findingFiles()).containsAllEntriesOf(written);
        }
    }

    @Test
    void aReplayWhoseLeaseAnotherTaskTookStopsBeforeItsNextBatch() {
        // a flushed batch of a day of its own, so that the range holds at least one batch
        flushedAlone(new Delivery("dependabot_alert", "taken-over-" + UUID.randomUUID(), null, null, null,
                LocalDate.of(2025, 4, 7).atTime(12, 0).toInstant(ZoneOffset.UTC),
                Fixtures.webhook("dependabot_alert/created.json").body()));
        ReplayRun run = new ReplayRun("r", LocalDate.of(2025, 4, 7), LocalDate.of(2025, 4, 7), Instant.now());
        run.stops().takeOver(); // what SharedRuns tells it when a heartbeat finds the lease another task's

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replayer.replay(run.snapshot(Instant.now()).from(),
                        run.snapshot(Instant.now()).to(), run))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another task took over");
        assertThat(run.snapshot(Instant.now()).batchesDone()).isZero();
        assertThat(run.snapshot(Instant.now()).batches()).isPositive();
    }

    @Test
    void aQuarantinedDeliveryIsInTheRawArchiveAndReplayKeepsTheConsumersQuarantineFile() throws Exception {
        consumer.start();
        String id = "replay-poison-" + UUID.randomUUID();
        Webhooks.post("dependabot_alert", id, "{ not json".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> quarantineFiles(id).size() == 1);
        assertThat(BucketFiles.rawDeliveries(localStack, "")).containsKey(id); // raw/ has every delivery
        var consumers = quarantineFiles(id).get(0);
        byte[] written = Files.readAllBytes(consumers);
        pastTheFlush();

        replayToday();

        // the replay could not map it either: its own file says so, and the consumer's file is as it was
        assertThat(quarantineFiles(id)).hasSize(2).contains(consumers)
                .anyMatch(p -> p.getFileName().toString().endsWith(Replayer.REPLAY_SUFFIX + ".ndjson.gz"));
        assertThat(Files.readAllBytes(consumers)).isEqualTo(written);
    }

    @Test
    void aBatchTheConsumerIsStillWritingIsLeftOut() throws Exception {
        // a backlog's batch: its raw archive written ahead of its flush, no findings yet
        String id = "in-flight-" + UUID.randomUUID();
        Delivery d = new Delivery("dependabot_alert", id, null, null, null, Instant.now(),
                Fixtures.webhook("dependabot_alert/created.json").body());
        Batch batch = new Batch();
        var mapped = mapper.map(d);
        DeliveryConsumer.add(batch, mapped);
        flusher.archiveRaw(batch, List.of(RawArchive.Line.mapped(d, mapped)));
        String batchId = batch.id(() -> "unused");
        // archived "now" as the replay lists it, however long the replay takes to start on a loaded machine
        List<java.nio.file.Path> parts = BucketFiles.under(localStack, "raw", "").stream()
                .filter(p -> p.getFileName().toString().startsWith(batchId)).toList();
        assertThat(parts).isNotEmpty();
        Map<java.nio.file.Path, java.nio.file.attribute.FileTime> written = new HashMap<>();
        for (java.nio.file.Path part : parts) {
            written.put(part, Files.getLastModifiedTime(part));
            Files.setLastModifiedTime(part, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(600)));
        }
        try {
            Map<String, Long> before = findingFiles();

            Map<String, Object> replay = replayToday();

            assertThat(((Number) replay.get("batchesInFlight")).intValue()).isGreaterThanOrEqualTo(1);
            assertThat(findingFiles().keySet()).noneMatch(f -> f.contains(batchId));
            assertThat(findingFiles().keySet()).containsAll(before.keySet());
        } finally {
            // the later replays of today in this application see the batch as it is
            for (var e : written.entrySet()) {
                Files.setLastModifiedTime(e.getKey(), e.getValue());
            }
        }
    }

    /** Flushes a batch of one delivery, as the consumer would, and gives its id. */
    private String flushedAlone(Delivery d) {
        Batch batch = new Batch();
        var mapped = mapper.map(d);
        DeliveryConsumer.add(batch, mapped);
        batch.raw.add(RawArchive.Line.mapped(d, mapped));
        // the S3 stand-in may have been restarted by an outage test of the same application: a write is idempotent
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            flusher.write(batch);
            return true;
        });
        return batch.id(flusher::nextBatchId);
    }

    /**
     * Waits until the consumer's last flush is older than a batch can be in its hands (here the least a replay
     * allows): a replay leaves out younger batches that have no findings.
     */
    private static void pastTheFlush() throws InterruptedException {
        Thread.sleep(Replayer.MIN_IN_FLIGHT.toMillis() + 500);
    }

    /** The quarantine files holding the delivery. */
    private List<java.nio.file.Path> quarantineFiles(String deliveryId) throws Exception {
        List<java.nio.file.Path> holding = new java.util.ArrayList<>();
        for (var p : BucketFiles.under(localStack, "quarantine", ".ndjson.gz")) {
            if (RawArchive.read(Files.readAllBytes(p)).stream().anyMatch(d -> d.deliveryId().equals(deliveryId))) {
                holding.add(p);
            }
        }
        return holding;
    }

    @Test
    void anEarlierReplaysQuarantineFileGoesWhenTheBatchNowMapsWhole() throws Exception {
        // a flushed batch whose delivery maps, and the quarantine file an earlier replay (an older mapping that
        // could not map it) left beside the consumer's files
        Delivery d = new Delivery("dependabot_alert", "once-quarantined-" + UUID.randomUUID(), null, null, null,
                LocalDate.of(2025, 5, 9).atTime(12, 0).toInstant(ZoneOffset.UTC),
                Fixtures.webhook("dependabot_alert/created.json").body());
        String batchId = flushedAlone(d);
        java.nio.file.Path earlier = localStack.bucketDir().resolve(LakePaths.QUARANTINE + "day=2025-05-09/" + batchId
                + Replayer.REPLAY_SUFFIX + ".ndjson.gz");
        Files.createDirectories(earlier.getParent());
        Files.write(earlier, RawArchive.write(List.of(new RawArchive.Line(d, "an older mapping's error"))));
        assertThat(quarantineFiles(d.deliveryId())).containsExactly(earlier);

        replay("2025-05-09", "2025-05-09");

        assertThat(quarantineFiles(d.deliveryId())).isEmpty();
        assertThat(findingFiles().keySet()).anyMatch(k -> k.endsWith("/" + batchId + ".parquet"));
    }

    @Test
    void anUnreadableRawFileLeavesItsBatchAsItWasAndTheReplayGoesOnThenFails() throws Exception {
        // two flushed batches of a day of their own; then one's raw file is truncated (a torn copy, say)
        LocalDate day = LocalDate.of(2025, 5, 11);
        String good = flushedAlone(new Delivery("dependabot_alert", "readable-" + UUID.randomUUID(), null, null, null,
                day.atTime(10, 0).toInstant(ZoneOffset.UTC), Fixtures.webhook("dependabot_alert/created.json").body()));
        String torn = flushedAlone(new Delivery("dependabot_alert", "torn-" + UUID.randomUUID(), null, null, null,
                day.atTime(11, 0).toInstant(ZoneOffset.UTC), Fixtures.webhook("dependabot_alert/fixed.json").body()));
        java.nio.file.Path tornRaw = BucketFiles.under(localStack, "raw", "").stream() // .gz or .zst
                .filter(p -> p.getFileName().toString().startsWith(torn + ".")).findFirst().orElseThrow();
        byte[] whole = Files.readAllBytes(tornRaw);
        Files.write(tornRaw, java.util.Arrays.copyOf(whole, whole.length / 2));
        try {
            replaysAroundTheTornFile(day, good, torn);
        } finally {
            Files.write(tornRaw, whole); // the other tests of the application read every raw file
        }
    }

    private void replaysAroundTheTornFile(LocalDate day, String good, String torn) {
        Map<String, Long> tornFindings = new TreeMap<>(findingFiles());
        tornFindings.keySet().removeIf(k -> !k.contains(torn));
        assertThat(tornFindings).isNotEmpty();
        ReplayRun run = new ReplayRun("r", day, day, Instant.now());

        replayer.replay(day, day, run);

        ReplayRun.Snapshot done = run.snapshot(Instant.now());
        assertThat(done.unreadableRawFiles()).singleElement().asString().contains(torn).startsWith("raw/day=2025-05-11/");
        assertThat(done.batchesDone()).isEqualTo(done.batches() - 1); // the readable batch was replayed
        assertThat(findingFiles().keySet()).anyMatch(k -> k.contains(good));
        assertThat(findingFiles()).containsAllEntriesOf(tornFindings); // not rebuilt from half its deliveries

        // through the API: FAILED, naming the file
        String id = given().header("Authorization", "Bearer test-token").post("/admin/replay?from=" + day + "&to=" + day)
                .then().statusCode(202).extract().jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(progress(id).get("status")));
        assertThat(progress(id)).containsEntry("status", "FAILED");
        assertThat((String) progress(id).get("error")).contains("could not be read").contains(torn);
    }

    @Test
    void badReplayRangeIsA400() {
        given().header("Authorization", "Bearer test-token").post("/admin/replay?from=2026-02-01&to=2026-01-01")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("ends (2026-01-01) before"));
        // a mistyped year would list every day between in S3
        given().header("Authorization", "Bearer test-token").post("/admin/replay?from=1000-01-01&to=2026-01-01")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("starts (1000-01-01) before 2008"));
        given().header("Authorization", "Bearer test-token").post("/admin/replay?from=2026-01-01&to=9999-12-31")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("ends (9999-12-31) after tomorrow"));
        given().header("Authorization", "Bearer test-token").post("/admin/replay?from=yesterday")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("'from' is not a date"));
        given().header("Authorization", "Bearer test-token").post("/admin/replay")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("'from' (YYYY-MM-DD) is required"));
    }
}
