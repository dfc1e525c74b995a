package io.alertlake.consume;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.aws.QueueUrls;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.DeliveryMessages;
import io.alertlake.ingest.SignatureVerifier;
import io.alertlake.lake.ParquetFiles;
import io.alertlake.lake.RawArchive;
import io.alertlake.local.LocalStack;
import io.alertlake.testing.BucketFiles;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.QueueProbe;
import io.alertlake.testing.Webhooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consumer end to end: signed webhooks in, Parquet, raw archive and quarantine out, on the local stack. */
@QuarkusTest
@TestProfile(ConsumerProfile.class)
class ConsumerTest {

    private static final String LOST_CLAIM_CHECK = "lost-claim-check-" + UUID.randomUUID();

    private static final String DURING_S3_OUTAGE = "during-s3-outage-" + UUID.randomUUID();

    private static final String CRASH_BEFORE_WRITE = "crash-before-write-" + UUID.randomUUID();

    private static final String CRASH_AFTER_WRITE = "crash-after-write-" + UUID.randomUUID();

    private static final String POISON = "poison-1-" + UUID.randomUUID();
    private static final String DAMAGED_CLAIM_CHECK = "damaged-claim-check-" + UUID.randomUUID();
    private static final String ARCHIVED_EARLY = "archived-early-" + UUID.randomUUID();

    @Inject
    LocalStack localStack;
    @Inject
    DeliveryConsumer consumer;
    @Inject
    BatchFlusher flusher;
    @Inject
    SqsAsyncClient sqs;
    @Inject
    QueueUrls queues;
    @Inject
    MeterRegistry registry;

    @BeforeEach
    void consumerRuns() {
        consumer.start();
    }

    @AfterEach
    void consumerRunsAgain() { // a test may have stopped it
        consumer.start();
    }

    @Test
    void signedFixturesBecomeParquetUnderTheirPartitions() throws Exception {
        Map<String, Fixtures.Webhook> sent = new HashMap<>();
        Map<String, byte[]> bodies = new HashMap<>();
        for (Fixtures.Webhook f : Fixtures.webhooks()) {
            if (f.event().endsWith("_alert")) {
                // the fixtures as documented (pretty-printed), and as GitHub sends them: one line of JSON
                for (byte[] body : List.of(f.body(), f.oneLineBody())) {
                    String id = "e2e-" + UUID.randomUUID();
                    Webhooks.post(f.event(), id, body).then().statusCode(202);
                    sent.put(id, f);
                    bodies.put(id, body);
                }
            }
        }
        // each look reads every file of the bucket again: minutes, not seconds, is the bound on a loaded machine
        await().atMost(Duration.ofSeconds(60)).until(() -> findingsByDelivery().keySet().containsAll(sent.keySet()));
        Map<String, List<Found>> found = findingsByDelivery();
        for (var e : sent.entrySet()) {
            JsonNode payload = Fixtures.json(e.getValue().path());
            Found f = found.get(e.getKey()).get(0);
            GenericRecord unmapped = (GenericRecord) f.record().get("unmapped");
            JsonNode repository = payload.get("repository");
            String org = payload.hasNonNull("organization") ? payload.get("organization").get("login").asText()
                    : repository.get("owner").get("login").asText();
            assertThat(f.path().toString()).as(e.getValue().name())
                    .contains("/org=" + org + "/").contains("/repo=" + repository.get("name").asText() + "/")
                    .contains(e.getValue().event().startsWith("secret") ? "class=data_security_finding"
                            : "class=vulnerability_finding");
            assertThat(unmapped.get("alert_number")).isEqualTo(payload.get("alert").get("number").asInt());
            assertThat(unmapped.get("repository_id")).isEqualTo(repository.get("id").asLong());
            assertThat(unmapped.get("action").toString()).isEqualTo(payload.get("action").asText());
            // the body's identity, as the delivery id is not signed (the views count a body sent again once)
            assertThat(unmapped.get("signature_key")).isEqualTo(Long.parseUnsignedLong(
                    SignatureVerifier.sign(Webhooks.SECRET, bodies.get(e.getKey())).substring(7, 23), 16));
            GenericRecord info = (GenericRecord) f.record().get("finding_info");
            assertThat(info.get("uid").toString()).isEqualTo(repository.get("id").asLong() + "/"
                    + e.getValue().event().replace("_alert", "") + "/" + payload.get("alert").get("number").asInt());
        }
        // and every delivery is archived raw, byte-identical, for replay; a one-line body as the line's own JSON;
        // at this profile's raw-gzip-level, 0, the lines are stored in the gzip frame as they are
        for (Path p : files("raw", ".ndjson.gz")) {
            byte[] file = Files.readAllBytes(p);
            if (RawArchive.read(file).stream().anyMatch(d -> bodies.containsKey(d.deliveryId()))) { // this run's
                assertThat(file.length).as(p.toString())
                        .isGreaterThan(new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes().length);
            }
        }
        Map<String, Delivery> raw = rawByDelivery();
        Map<String, JsonNode> rawLines = ndjsonLines("raw");
        for (var e : bodies.entrySet()) {
            assertThat(raw.get(e.getKey()).body()).isEqualTo(e.getValue());
            JsonNode body = rawLines.get(e.getKey()).get("body");
            if (new String(e.getValue(), StandardCharsets.UTF_8).contains("\n")) {
                assertThat(body.asText().getBytes(StandardCharsets.UTF_8)).isEqualTo(e.getValue());
            } else {
                assertThat(body).isEqualTo(Fixtures.JSON.readTree(e.getValue()));
            }
        }
    }

    @Test
    void poisonDeliveryIsQuarantinedWithItsErrorAndRemovedFromTheQueue() throws Exception {
        byte[] garbage = "{ this is not json".getBytes(StandardCharsets.UTF_8);
        Webhooks.post("dependabot_alert", POISON, garbage).then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> quarantine().containsKey(POISON));
        JsonNode line = quarantine().get(POISON);
        assertThat(line.get("error").asText()).isNotBlank();
        assertThat(line.get("body").asText()).isEqualTo("{ this is not json");
        await().atMost(Duration.ofSeconds(10)).until(() -> visibleAndInFlight() == 0);
    }

    @Test
    void aClaimCheckWithDamagedAttributesIsQuarantinedWithItsBodyNotItsKey() throws Exception {
        // a claim check whose receive time is gone: not a delivery alertlake can map, but its body is in S3
        String key = "raw/oversize/day=2026-01-01/" + DAMAGED_CLAIM_CHECK + ".body";
        Path object = localStack.bucketDir().resolve(key);
        Files.createDirectories(object.getParent());
        Files.writeString(object, "{\"action\":\"created\",\"big\":true}");
        Delivery d = new Delivery("dependabot_alert", DAMAGED_CLAIM_CHECK, null, null, null, Instant.now(), new byte[0]);
        var outgoing = DeliveryMessages.claimCheck(d, key);
        var attributes = new HashMap<>(outgoing.attributes());
        attributes.remove(DeliveryMessages.RECEIVED_AT);
        sqs.sendMessage(r -> r.queueUrl(queues.deliveries()).messageBody(outgoing.body())
                .messageAttributes(attributes)).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> quarantine().containsKey(DAMAGED_CLAIM_CHECK));
        JsonNode line = quarantine().get(DAMAGED_CLAIM_CHECK);
        assertThat(line.get("body").asText()).isEqualTo("{\"action\":\"created\",\"big\":true}");
        assertThat(line.get("error").asText()).contains("not an alertlake delivery").contains(DeliveryMessages.RECEIVED_AT);
        assertThat(line.get("event").asText()).isEqualTo("dependabot_alert");
        await().atMost(Duration.ofSeconds(10)).until(() -> visibleAndInFlight() == 0);
    }

    @Test
    void aClaimCheckWhoseObjectIsGoneIsQuarantinedNamingItsKey() throws Exception {
        // raw/oversize/ expires: a message older than that (redriven from the dead-letter queue again and again)
        String id = "gone-claim-check-" + java.util.UUID.randomUUID();
        String key = "raw/oversize/day=2026-01-01/" + id + ".body";
        Delivery d = new Delivery("dependabot_alert", id, null, null, null, Instant.now(), new byte[0]);
        var outgoing = DeliveryMessages.claimCheck(d, key);
        sqs.sendMessage(r -> r.queueUrl(queues.deliveries()).messageBody(outgoing.body())
                .messageAttributes(outgoing.attributes())).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> quarantine().containsKey(id));
        JsonNode line = quarantine().get(id);
        assertThat(line.get("error").asText()).contains(key).contains("not in the lake bucket");
        assertThat(line.get("event").asText()).isEqualTo("dependabot_alert");
        await().atMost(Duration.ofSeconds(10)).until(() -> visibleAndInFlight() == 0);
    }

    @Test
    void crashBetweenWriteAndDeleteDuplicatesButLosesNothing() throws Exception {
        Batch batch = receivedWithTheConsumerStopped(CRASH_AFTER_WRITE);
        flusher.write(batch); // the process "dies" here: files written, messages not deleted
        consumer.start();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> findingsByDelivery().getOrDefault(CRASH_AFTER_WRITE, List.of()).size() == 2);
        assertThat(rawByDeliveryCount(CRASH_AFTER_WRITE)).isEqualTo(2);
    }

    @Test
    void bodiesArchivedAheadOfTheFlushAreArchivedOnceAndAcknowledgedOnlyByTheFlush() throws Exception {
        Batch batch = receivedWithTheConsumerStopped(ARCHIVED_EARLY);
        consumer.archiveRaw(batch); // flush-bytes reached before flush-records or the flush interval

        // archived, bodies let go, nothing mapped written and nothing acknowledged yet
        assertThat(rawByDeliveryCount(ARCHIVED_EARLY)).isEqualTo(1);
        assertThat(batch.raw).isEmpty();
        assertThat(batch.bytes).isZero();
        assertThat(batch.messages).isNotEmpty().allSatisfy(m -> assertThat(m.body()).isEmpty());
        assertThat(findingsByDelivery()).doesNotContainKey(ARCHIVED_EARLY);
        assertThat(visibleAndInFlight()).isPositive();

        flusher.flush(batch);
        assertThat(findingsByDelivery().get(ARCHIVED_EARLY)).hasSize(1);
        assertThat(rawByDeliveryCount(ARCHIVED_EARLY)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> visibleAndInFlight() == 0);
        // the raw part carries the batch's name, so a replay rebuilds the batch's files from it
        Path finding = findingsByDelivery().get(ARCHIVED_EARLY).get(0).path();
        String batchId = finding.getFileName().toString().replace(".parquet", "");
        assertThat(files("raw", ".ndjson.gz")).anyMatch(p -> p.getFileName().toString().startsWith(batchId + "."));
        consumer.start();
    }

    @Test
    void crashBeforeWriteIsRedelivered() throws Exception {
        consumer.stop();
        Webhooks.post("dependabot_alert", CRASH_BEFORE_WRITE,
                Fixtures.webhook("dependabot_alert/created.json").body()).then().statusCode(202);
        assertThat(receive()).hasSize(1); // received, then the process "dies" before writing anything
        consumer.start();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> findingsByDelivery().getOrDefault(CRASH_BEFORE_WRITE, List.of()).size() == 1);
    }

    @Test
    void s3OutageIsRetriedUntilTheWriteSucceeds() throws Exception {
        double failedBefore = flushFailures();
        localStack.stopS3();
        try {
            Webhooks.post("dependabot_alert", DURING_S3_OUTAGE,
                    Fixtures.webhook("dependabot_alert/created.json").body()).then().statusCode(202);
            // the delivery is received and its flush fails, more than once (alertlake_consumer_flush_failures_total)
            await().atMost(Duration.ofSeconds(30)).until(() -> flushFailures() >= failedBefore + 2);
            assertThat(findingsByDelivery()).doesNotContainKey(DURING_S3_OUTAGE);
            // the lag (alertlake_consumer_lag_seconds) is the unwritten delivery's age: it grows while flushes fail
            await().atMost(Duration.ofSeconds(30)).until(() -> lagSeconds() >= 3 * 2); // three flush intervals
        } finally {
            localStack.startS3();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> findingsByDelivery().containsKey(DURING_S3_OUTAGE));
        // and, everything written, nothing is held: no lag
        await().atMost(Duration.ofSeconds(30)).until(() -> lagSeconds() == 0);
    }

    private double lagSeconds() {
        return registry.get("alertlake.consumer.lag.seconds").gauge().value();
    }

    @Test
    void messageThatKeepsFailingLandsInTheDeadLetterQueueAfterFiveReceives() throws Exception {
        // a claim check S3 cannot serve while it is down is retried (a missing object is quarantined instead: that
        // is for good), and, S3 down through five receives, dead-lettered
        Delivery d = new Delivery("dependabot_alert", LOST_CLAIM_CHECK, null, null, null, Instant.now(), new byte[0]);
        var outgoing = DeliveryMessages.claimCheck(d, "raw/oversize/day=2026-01-02/" + LOST_CLAIM_CHECK + ".body");
        QueueProbe dlq = new QueueProbe(sqs, queues.deadLetters());
        Map<String, Message> dead = new HashMap<>();
        double deferredBefore = registry.counter("alertlake.consumer.deferred").count();
        localStack.stopS3();
        try {
            sqs.sendMessage(r -> r.queueUrl(queues.deliveries()).messageBody(outgoing.body())
                    .messageAttributes(outgoing.attributes())).get();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                dead.putAll(dlq.drain());
                return dead.containsKey(LOST_CLAIM_CHECK);
            });
        } finally {
            localStack.startS3();
        }
        assertThat(Integer.parseInt(dead.get(LOST_CLAIM_CHECK).attributes()
                .get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))).isGreaterThanOrEqualTo(5);
        // each receive that could not read it was counted (alertlake_consumer_deferred_total), not only logged
        assertThat(registry.counter("alertlake.consumer.deferred").count()).isGreaterThanOrEqualTo(deferredBefore + 5);
    }

    // ---- reading the lake back, from the S3 emulator's directory

    record Found(Path path, GenericRecord record) {
    }

    private Map<String, List<Found>> findingsByDelivery() throws IOException {
        Map<String, List<Found>> byDelivery = new HashMap<>();
        for (Path p : files("findings", ".parquet")) {
            for (GenericRecord r : ParquetFiles.read(Files.readAllBytes(p))) {
                String id = ((GenericRecord) r.get("metadata")).get("uid").toString();
                byDelivery.computeIfAbsent(id, k -> new ArrayList<>()).add(new Found(p, r));
            }
        }
        return byDelivery;
    }

    private Map<String, Delivery> rawByDelivery() {
        return BucketFiles.rawDeliveries(localStack, ".ndjson.gz");
    }

    private long rawByDeliveryCount(String id) throws IOException {
        long n = 0;
        for (Path p : files("raw", ".ndjson.gz")) {
            n += RawArchive.read(Files.readAllBytes(p)).stream().filter(d -> d.deliveryId().equals(id)).count();
        }
        return n;
    }

    private Map<String, JsonNode> quarantine() throws IOException {
        return ndjsonLines("quarantine");
    }

    /** The lines of the {@code raw/} or {@code quarantine/} files, as JSON, by delivery id. */
    private Map<String, JsonNode> ndjsonLines(String prefix) throws IOException {
        Map<String, JsonNode> byId = new HashMap<>();
        for (Path p : files(prefix, ".ndjson.gz")) {
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        JsonNode n = Fixtures.JSON.readTree(line);
                        byId.put(n.get("delivery_id").asText(), n);
                    }
                }
            }
        }
        return byId;
    }

    private List<Path> files(String prefix, String suffix) {
        return BucketFiles.under(localStack, prefix, suffix);
    }

    /** With the consumer stopped, a fix of an alert posted and received into a batch by hand. */
    private Batch receivedWithTheConsumerStopped(String deliveryId) throws Exception {
        consumer.stop();
        Webhooks.post("dependabot_alert", deliveryId, Fixtures.webhook("dependabot_alert/fixed.json").body())
                .then().statusCode(202);
        Batch batch = new Batch();
        for (Message m : receive()) {
            consumer.acceptInto(batch, m);
        }
        return batch;
    }

    @Test
    void manyMessagesAreKeptInvisibleAndDeletedInConcurrentBatches() throws Exception {
        consumer.stop();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> visibleAndInFlight() == 0);
            int count = BatchFlusher.IN_FLIGHT * 10 + 7; // more batches of ten than are sent at once
            for (int i = 0; i < count; i += 10) {
                int from = i;
                sqs.sendMessageBatch(b -> b.queueUrl(queues.deliveries()).entries(java.util.stream.IntStream
                        .range(from, Math.min(from + 10, count))
                        .mapToObj(n -> software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                                .id("m" + n).messageBody("message " + n).build()).toList())).get();
            }
            // hidden for 20 s: long enough to receive them all and extend them before the first come back, however
            // slowly a loaded machine receives
            long started = System.nanoTime();
            List<Message> received = new ArrayList<>();
            while (received.size() < count) {
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("receiving before they come back")
                        .isLessThan(Duration.ofSeconds(17));
                received.addAll(sqs.receiveMessage(r -> r.queueUrl(queues.deliveries()).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).visibilityTimeout(20)).get().messages());
            }
            assertThat(received.stream().map(Message::messageId).distinct()).hasSize(count); // none came back yet
            flusher.extendVisibility(received, 40);
            // past the 20 s they were received with
            Thread.sleep(Math.max(0, 21_000 - Duration.ofNanos(System.nanoTime() - started).toMillis()));
            var a = sqs.getQueueAttributes(r -> r.queueUrl(queues.deliveries()).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages")).get().attributesAsStrings();
            assertThat(a.get("ApproximateNumberOfMessages")).isEqualTo("0");

            flusher.delete(received);
            assertThat(visibleAndInFlight()).isZero();
        } finally {
            consumer.start();
        }
    }

    private List<Message> receive() throws Exception {
        return sqs.receiveMessage(r -> r.queueUrl(queues.deliveries()).maxNumberOfMessages(10).waitTimeSeconds(2)
                .messageAttributeNames("All")).get().messages();
    }

    private double flushFailures() {
        return registry.counter("alertlake.consumer.flush.failures").count();
    }

    private int visibleAndInFlight() throws Exception {
        var a = sqs.getQueueAttributes(r -> r.queueUrl(queues.deliveries()).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).get().attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }
}
