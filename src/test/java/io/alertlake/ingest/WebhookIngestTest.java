package io.alertlake.ingest;

import io.alertlake.aws.QueueUrls;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.DeliveryMessages;
import io.alertlake.delivery.SecretValues;
import io.alertlake.local.LocalStack;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.QueueProbe;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The webhook endpoint against the embedded SQS (ElasticMQ) and S3 (s3proxy), over their real protocols. */
@QuarkusTest
class WebhookIngestTest {

    @Inject
    SqsAsyncClient sqs;
    @Inject
    QueueUrls queues;
    @Inject
    LocalStack localStack;
    @Inject
    S3Client s3;
    @Inject
    AlertlakeConfig config;
    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    QueueProbe queue;

    @BeforeEach
    void emptyQueue() {
        queue = new QueueProbe(sqs, queues);
        queue.drain();
    }

    @Test
    void everyFixtureLandsInTheQueueByteIdenticalWithItsHeadersButTheSecret() {
        Map<String, Fixtures.Webhook> sent = new java.util.HashMap<>();
        Instant before = Instant.now();
        for (Fixtures.Webhook fixture : Fixtures.webhooks()) {
            String id = UUID.randomUUID().toString();
            var response = Webhooks.post(fixture.event(), id, fixture.body());
            if (fixture.event().equals("ping")) {
                response.then().statusCode(200);
            } else {
                response.then().statusCode(202).body("queued", equalTo(true));
                sent.put(id, fixture);
            }
        }
        assertThat(sent.values()).anyMatch(f -> new String(f.body(), StandardCharsets.UTF_8).contains(LEAKED_SECRET));
        Map<String, Message> received = queue.drain();
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
        assertOnlyCharactersSqsAccepts(received);
        for (var e : sent.entrySet()) {
            Delivery d = QueueProbe.decode(received.get(e.getKey()));
            // byte-identical, but for a leaked secret in a secret scanning payload (SecretValuesTest)
            assertThat(d.body()).as(e.getValue().name())
                    .isEqualTo(SecretValues.redact(e.getValue().event(), e.getValue().body()));
            assertThat(new String(d.body(), StandardCharsets.UTF_8)).doesNotContain(LEAKED_SECRET);
            assertThat(d.event()).isEqualTo(e.getValue().event());
            assertThat(d.deliveryId()).isEqualTo(e.getKey());
            assertThat(d.hookId()).isEqualTo("109948940");
            assertThat(d.targetType()).isEqualTo("integration");
            assertThat(d.targetId()).isEqualTo("375708");
            assertThat(d.receivedAt()).isBetween(before, Instant.now());
            assertThat(d.signature()).isEqualTo(SignatureVerifier.sign(Webhooks.SECRET, e.getValue().body()));
        }
    }

    @Test
    void theSignatureIsKeptWithItsHexInLowerCase() {
        // hex case is not significant to the check: a copy with upper-case hex is the same body, and must read so
        byte[] body = Fixtures.webhook("dependabot_alert/fixed.json").body();
        String signature = SignatureVerifier.sign(Webhooks.SECRET, body);
        given().header("X-GitHub-Event", "dependabot_alert").header("X-GitHub-Delivery", "upper-case-hex")
                .header("X-Hub-Signature-256", "sha256=" + signature.substring(7).toUpperCase(java.util.Locale.ROOT))
                .contentType("application/json").body(body).post("/webhooks/github").then().statusCode(202);
        assertThat(QueueProbe.decode(queue.drain().get("upper-case-hex")).signature()).isEqualTo(signature);
    }

    /** The secret in secret_scanning_alert_location/created.rest-api-description.json. */
    private static final String LEAKED_SECRET = "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX-us2";

    @Test
    void pingIsAnsweredButNotQueued() {
        Webhooks.post("ping", Fixtures.webhook("ping/ping.json").body()).then().statusCode(200);
        assertThat(queue.drain()).isEmpty();
    }

    @Test
    void otherEventsAreAcknowledgedAndIgnored() {
        Webhooks.post("push", "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(202).body("ignored", equalTo(true));
        assertThat(queue.drain()).isEmpty();
    }

    @Test
    void badInputIsRefusedAndNothingIsQueued() {
        byte[] body = Fixtures.webhook("dependabot_alert/created.json").body();
        String good = SignatureVerifier.sign(Webhooks.SECRET, body);
        record Case(String name, Map<String, String> headers, byte[] body, int status) {
        }
        List<Case> cases = new ArrayList<>();
        Map<String, String> base = Map.of("X-GitHub-Event", "dependabot_alert", "X-GitHub-Delivery", "d-1");
        cases.add(new Case("missing signature", base, body, 401));
        cases.add(new Case("wrong signature", with(base, "X-Hub-Signature-256", "sha256=" + "0".repeat(64)), body, 401));
        cases.add(new Case("malformed signature", with(base, "X-Hub-Signature-256", "sha256=xyz"), body, 401));
        cases.add(new Case("sha1 signature only", with(base, "X-Hub-Signature",
                "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59"), body, 401));
        cases.add(new Case("wrong secret", with(base, "X-Hub-Signature-256",
                SignatureVerifier.sign("not the secret", body)), body, 401));
        cases.add(new Case("truncated body", with(base, "X-Hub-Signature-256", good),
                Arrays.copyOf(body, body.length - 10), 401));
        cases.add(new Case("missing event header", Map.of("X-GitHub-Delivery", "d-1", "X-Hub-Signature-256", good),
                body, 400));
        cases.add(new Case("missing delivery header", Map.of("X-GitHub-Event", "dependabot_alert",
                "X-Hub-Signature-256", good), body, 400));
        // signed, but no payload (SQS takes no empty message: without this check, a 503 for every redelivery)
        cases.add(new Case("empty body", with(base, "X-Hub-Signature-256", SignatureVerifier.sign(Webhooks.SECRET,
                new byte[0])), new byte[0], 400));
        // a form whose payload field is empty: as empty as an empty body, and as permanent
        for (String form : List.of("payload=", "payload=&other=1")) {
            byte[] formBody = form.getBytes(StandardCharsets.US_ASCII);
            cases.add(new Case("form with an empty payload: " + form, with(base, "X-Hub-Signature-256",
                    SignatureVerifier.sign(Webhooks.SECRET, formBody)), formBody, 400));
        }
        for (Case c : cases) {
            var request = c.name().startsWith("form")
                    ? given().contentType("application/x-www-form-urlencoded")
                            .body(new String(c.body(), StandardCharsets.US_ASCII))
                    : given().contentType("application/json").body(c.body());
            c.headers().forEach(request::header);
            var response = request.post("/webhooks/github");
            assertThat(response.statusCode()).as(c.name()).isEqualTo(c.status());
            assertThat(response.jsonPath().getString("error")).as(c.name()).isNotBlank();
        }
        assertThat(queue.drain()).isEmpty();
    }

    @Test
    void aSignatureNotInGitHubsFormIsToldTheFormExpected() {
        byte[] body = Fixtures.webhook("dependabot_alert/created.json").body();
        String good = SignatureVerifier.sign(Webhooks.SECRET, body);
        for (String header : List.of(good.substring("sha256=".length()), "sha256=xyz")) {
            given().contentType("application/json").body(body).header("X-GitHub-Event", "dependabot_alert")
                    .header("X-GitHub-Delivery", "d-form").header("X-Hub-Signature-256", header)
                    .post("/webhooks/github").then().statusCode(401)
                    .body("error", equalTo("X-Hub-Signature-256 must be sha256=<hex of HMAC-SHA256 of the body>"));
        }
        given().contentType("application/json").body(body).header("X-GitHub-Event", "dependabot_alert")
                .header("X-GitHub-Delivery", "d-form").header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                .post("/webhooks/github").then().statusCode(401)
                .body("error", equalTo("X-Hub-Signature-256 does not match"));
        assertThat(queue.drain()).isEmpty();
    }

    @Test
    void aContentTypeThatIsNoMediaTypeIs415AndNothingIsQueued() {
        double counted = registry.counter("alertlake.webhook.rejected", "reason", "media_type_invalid").count();
        byte[] body = Fixtures.webhook("dependabot_alert/created.json").body();
        for (String type : List.of("garbage", "a/b/c")) {
            given().contentType(type).body(body).header("X-GitHub-Event", "dependabot_alert")
                    .header("X-GitHub-Delivery", "d-415").header("X-Hub-Signature-256",
                            SignatureVerifier.sign(Webhooks.SECRET, body))
                    .post("/webhooks/github").then().statusCode(415).contentType("application/json")
                    .body("error", equalTo("Content-Type is not a media type; GitHub sends application/json "
                            + "or application/x-www-form-urlencoded"));
        }
        assertThat(queue.drain()).isEmpty();
        assertThat(registry.counter("alertlake.webhook.rejected", "reason", "media_type_invalid").count())
                .isEqualTo(counted + 2);
    }

    @Test
    void bodyOverTheLimitIs413BeforeItIsSent() throws Exception {
        // Announce a 26 MiB body and send none of it: the answer must come from the headers alone,
        // which shows the body is never buffered.
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String request = "POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-GitHub-Event: dependabot_alert\r\nX-GitHub-Delivery: too-big\r\n"
                    + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (26 * 1024 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 413");
            // a body that says what is wrong, and the connection closed (what follows would be the unread body)
            assertThat(answer).containsIgnoringCase("content-type: application/json")
                    .contains("{\"error\":\"body exceeds 26214400 bytes (alertlake.webhook.max-body)\"}");
        }
        assertThat(queue.drain()).isEmpty();
    }

    @Test
    void largeBodiesAreReadFourAtATimeAndOneMoreIs503FromItsHeaders() throws Exception {
        // four senders announce 1 MiB and trickle: each holds one of the four places (alertlake.webhook.large-bodies)
        List<Socket> held = new ArrayList<>();
        try {
            holdTheLargePlaces("slow-", held);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statusOfALargeOne("fifth"))
                    .startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 10")
                    .contains("{\"error\":\"4 large deliveries are being received (alertlake.webhook.large-bodies); "
                            + "try again\"}"));
            // small deliveries, GitHub's usual, are not held back
            Webhooks.post("dependabot_alert", "small-while-large-ones-wait",
                    Fixtures.webhook("dependabot_alert/fixed.json").body()).then().statusCode(202);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        // the senders gone, their places are free again: the next large one is read (and its bad signature found)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statusOfALargeOne("after"))
                .startsWith("HTTP/1.1 401"));
        assertThat(queue.drain().keySet()).containsExactly("small-while-large-ones-wait");
    }

    @Test
    void aLargeBodyTrickledPastTheDeadlineIs408AndGivesItsPlaceUp() throws Exception {
        // four senders take the four places and send a KiB each; the test profile's deadline is 6 s
        List<Socket> held = new ArrayList<>();
        try {
            holdTheLargePlaces("trickle-", held);
            for (Socket s : held) {
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 408")
                        .contains("(alertlake.webhook.large-body-deadline)");
            }
            // their places are free: the next large one is read whole (and its bad signature found)
            assertThat(statusOfALargeOne("after-the-tricklers")).startsWith("HTTP/1.1 401");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aSmallBodyTrickledPastTheDeadlineIs408Too() throws Exception {
        // announced small, sent in part: without a deadline of its own, it held its connection for the idle timeout
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-GitHub-Event: dependabot_alert\r\nX-GitHub-Delivery: small-trickle\r\n"
                    + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"action\":")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("(alertlake.webhook.large-body-deadline)");
        }
    }

    /** Four senders (into {@code held}) announce 1 MiB and send a KiB of it: each holds one of the four places. */
    private static void holdTheLargePlaces(String deliveryIdPrefix, List<Socket> held) throws IOException {
        for (int i = 0; i < 4; i++) {
            Socket s = new Socket("localhost", RestAssured.port);
            held.add(s);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(largeRequestHead(deliveryIdPrefix + i).getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(new byte[1024]);
            s.getOutputStream().flush();
        }
    }

    private static String largeRequestHead(String deliveryId) {
        return "POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\n"
                + "X-GitHub-Event: dependabot_alert\r\nX-GitHub-Delivery: " + deliveryId + "\r\n"
                + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (1024 * 1024) + "\r\n\r\n";
    }

    /** The whole answer to a 1 MiB delivery with a wrong signature, sent in full. */
    private static String statusOfALargeOne(String deliveryId) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(largeRequestHead(deliveryId).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                out.write(new byte[1024 * 1024]);
                out.flush();
            } catch (IOException closedByServer) {
                // a 503 closes the connection without reading the body
            }
            // the status line and headers, then as much body as they announce
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            StringBuilder answer = new StringBuilder();
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                answer.append(line).append("\r\n");
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return answer.append("\r\n").append(body, 0, read).toString();
        }
    }

    @Test
    void chunkedBodiesOverTheLimitGiveTheirLargePlacesUp() throws Exception {
        // the HTTP layer answers these 413 itself; four of them once held the four large places until a restart
        for (int i = 0; i < 4; i++) {
            assertThat(sendChunkedOverTheLimit("too-big-chunked-" + i)).startsWith("HTTP/1.1 413");
        }
        // by the deadline (6 s in the test profile) at the latest, the next large one is read whole
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(statusOfALargeOne("after-chunked"))
                .startsWith("HTTP/1.1 401"));
        assertThat(queue.drain()).isEmpty();
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        assertThat(sendChunkedOverTheLimit("too-big-chunked")).startsWith("HTTP/1.1 413");
        assertThat(queue.drain()).isEmpty();
    }

    /** Streams 26 MiB without a Content-Length; the status line of the answer. */
    private static String sendChunkedOverTheLimit(String deliveryId) throws IOException {
        // No Content-Length: the limit must still hold while the body streams in.
        byte[] chunk = new byte[1024 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-GitHub-Event: dependabot_alert\r\nX-GitHub-Delivery: " + deliveryId + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < 26; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closedByServer) {
                // the server may close the connection as soon as it has answered
            }
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void aFormEncodedDeliveryIsQueuedAsItsJsonPayloadWithoutTheSecret() {
        // GitHub's "form" content type: payload=<URL-encoded JSON>, signed as sent
        Fixtures.Webhook fixture = Fixtures.webhook("secret_scanning_alert_location/created.rest-api-description.json");
        byte[] form = ("payload=" + java.net.URLEncoder.encode(new String(fixture.body(), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(form, StandardCharsets.US_ASCII)).contains(LEAKED_SECRET); // what GitHub sends
        given().header("X-GitHub-Event", fixture.event()).header("X-GitHub-Delivery", "form-1")
                .header("X-Hub-Signature-256", SignatureVerifier.sign(Webhooks.SECRET, form))
                .contentType("application/x-www-form-urlencoded").body(new String(form, StandardCharsets.US_ASCII))
                .post("/webhooks/github")
                .then().statusCode(202);
        given().header("X-GitHub-Event", fixture.event()).header("X-GitHub-Delivery", "form-2")
                .header("X-Hub-Signature-256", SignatureVerifier.sign(Webhooks.SECRET, "other=1".getBytes()))
                .contentType("application/x-www-form-urlencoded").body("other=1").post("/webhooks/github")
                .then().statusCode(400);

        Map<String, Message> received = queue.drain();
        assertThat(received).containsOnlyKeys("form-1");
        Delivery d = QueueProbe.decode(received.get("form-1"));
        assertThat(d.body()).isEqualTo(SecretValues.redact(fixture.event(), fixture.body()));
        assertThat(new String(d.body(), StandardCharsets.UTF_8)).doesNotContain(LEAKED_SECRET);
    }

    @Test
    void aSignedSecretScanningBodySentUnderAnotherEventNameKeepsNoSecret() {
        // the event header is not signed: a captured delivery sent again as a Dependabot event
        Fixtures.Webhook fixture = Fixtures.webhook("secret_scanning_alert_location/created.rest-api-description.json");
        Webhooks.post("dependabot_alert", "renamed-event", fixture.body()).then().statusCode(202);
        Delivery d = QueueProbe.decode(queue.drain().get("renamed-event"));
        assertThat(new String(d.body(), StandardCharsets.UTF_8)).doesNotContain(LEAKED_SECRET)
                .contains(SecretValues.REDACTED);
    }

    @Test
    void nonJsonBodyWithValidSignatureIsQueuedForTheConsumerToQuarantine() {
        byte[] notJson = "this is not json \u0000\u0001".getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0x00};
        Webhooks.post("code_scanning_alert", "not-json", notJson).then().statusCode(202);
        Webhooks.post("code_scanning_alert", "not-utf8", notUtf8).then().statusCode(202);
        Map<String, Message> received = queue.drain();
        assertOnlyCharactersSqsAccepts(received);
        assertThat(QueueProbe.decode(received.get("not-json")).body()).isEqualTo(notJson);
        assertThat(QueueProbe.decode(received.get("not-utf8")).body()).isEqualTo(notUtf8);
    }

    /**
     * What SQS itself would refuse: characters outside #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF
     * (SendMessage's documentation). The embedded queue leaves this check to us (LocalStack's QueueLimits).
     */
    private static void assertOnlyCharactersSqsAccepts(Map<String, Message> messages) {
        java.util.regex.Pattern refused = java.util.regex.Pattern.compile(
                "[^\\x{9}\\x{A}\\x{D}\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");
        messages.forEach((id, m) -> assertThat(refused.matcher(m.body()).find())
                .as("delivery %s carries a character SQS refuses", id).isFalse());
    }

    @Test
    void aDeliveryIdThatIsNoGitHubIdIs400AndNothingIsQueued() {
        byte[] body = Fixtures.webhook("code_scanning_alert/created.json").body();
        for (String id : List.of("odd \"id\" \\ with </script>", "x".repeat(1_100), "a/b")) {
            Webhooks.post("code_scanning_alert", id, body).then().statusCode(400)
                    .body("error", org.hamcrest.Matchers.containsString("X-GitHub-Delivery"));
        }
        assertThat(queue.drain()).isEmpty();
        String guid = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
        Webhooks.post("code_scanning_alert", guid, body).then().statusCode(202)
                .contentType("application/json").body("queued", equalTo(true)).body("delivery", equalTo(guid));
        assertThat(queue.drain()).containsKey(guid);
    }

    @Test
    void previousSecretStillWorksDuringRotation() {
        byte[] body = Fixtures.webhook("code_scanning_alert/created.json").body();
        given().header("X-GitHub-Event", "code_scanning_alert").header("X-GitHub-Delivery", "rotated")
                .header("X-Hub-Signature-256", SignatureVerifier.sign("the previous secret", body))
                .body(body).post("/webhooks/github").then().statusCode(202);
        assertThat(queue.drain()).containsKey("rotated");
    }

    @Test
    void bodyTooLargeForSqsTravelsAsAClaimCheckInS3() {
        // 400 KB: also above the size that is verified and queued on a worker thread
        String padding = "x".repeat(400_000);
        byte[] body = ("{\"action\":\"created\",\"padding\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);
        Webhooks.post("dependabot_alert", "big-one", body).then().statusCode(202);
        Message m = queue.drain().get("big-one");
        String key = DeliveryMessages.claimCheckKey(m).orElseThrow();
        assertThat(key).startsWith("raw/oversize/day=");
        byte[] stored = s3.getObjectAsBytes(r -> r.bucket(config.lake().bucket()).key(key)).asByteArray();
        assertThat(stored).isEqualTo(body);
        assertThat(DeliveryMessages.read(m, stored).body()).isEqualTo(body);

        // the same (unsigned) id with another signed body: its own object, the first message's body stays its own
        byte[] other = ("{\"action\":\"fixed\",\"padding\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);
        Webhooks.post("dependabot_alert", "big-one", other).then().statusCode(202);
        String otherKey = DeliveryMessages.claimCheckKey(queue.drain().get("big-one")).orElseThrow();
        assertThat(otherKey).isNotEqualTo(key);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(config.lake().bucket()).key(key)).asByteArray()).isEqualTo(body);
    }

    @Test
    void anEventOrDeliveryHeaderGivenTwiceIs400NotAnIgnoredEvent() {
        // joined, the two events read as "dependabot_alert,ping": an unknown event, answered 202 ignored and lost
        byte[] body = Fixtures.webhook("dependabot_alert/fixed.json").body();
        String signature = SignatureVerifier.sign(Webhooks.SECRET, body);
        given().header("X-GitHub-Event", "dependabot_alert").header("X-GitHub-Event", "ping")
                .header("X-GitHub-Delivery", "twice-event").header("X-Hub-Signature-256", signature)
                .contentType("application/json").body(body).post("/webhooks/github")
                .then().statusCode(400).body("error", equalTo("X-GitHub-Event and X-GitHub-Delivery must each be given once"));
        given().header("X-GitHub-Event", "dependabot_alert").header("X-GitHub-Delivery", "twice-a")
                .header("X-GitHub-Delivery", "twice-b").header("X-Hub-Signature-256", signature)
                .contentType("application/json").body(body).post("/webhooks/github")
                .then().statusCode(400).body("error", equalTo("X-GitHub-Event and X-GitHub-Delivery must each be given once"));
        assertThat(queue.drain()).isEmpty();
    }

    /** GitHub waits this long for an answer, then records the delivery as failed (a timeout, not a 503). */
    private static final Duration GITHUB_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void queueOutageAnswers503AndNoAcknowledgedDeliveryIsLost() {
        byte[] body = Fixtures.webhook("dependabot_alert/fixed.json").body();
        List<String> acknowledged = new ArrayList<>();
        Webhooks.post("dependabot_alert", "before-outage", body).then().statusCode(202);
        acknowledged.add("before-outage");
        localStack.stopQueue();
        try {
            long started = System.nanoTime();
            Webhooks.post("dependabot_alert", "during-outage", body).then().statusCode(503);
            // answered before GitHub gives up on the delivery (10 s; the enqueue timeout here is 4 s)
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(GITHUB_TIMEOUT);
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            localStack.startQueue();
        }
        Webhooks.post("dependabot_alert", "after-outage", body).then().statusCode(202);
        acknowledged.add("after-outage");
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(queue.drain().keySet()).containsAll(acknowledged);
    }

    @Test
    void aQueueThatTakesTheConnectionButNeverAnswersGets503WithinTheEnqueueTimeout() throws Exception {
        byte[] body = Fixtures.webhook("dependabot_alert/fixed.json").body();
        int port = localStack.start().sqs().getPort();
        localStack.stopQueue();
        // in the queue's place, a server that accepts connections and reads nothing: SQS hanging, not refusing
        List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket()) {
            silent.setReuseAddress(true);
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            long started = System.nanoTime();
            Webhooks.post("dependabot_alert", "while-the-queue-hangs", body).then().statusCode(503);
            // without the enqueue timeout (4 s here) the request would wait on the socket far beyond GitHub's 10 s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(GITHUB_TIMEOUT);
            assertThat(held).isNotEmpty(); // the send did reach the silent server
            silent.close();
            acceptor.join();
        } finally {
            for (Socket s : held) {
                s.close();
            }
            localStack.startQueue();
        }
        Webhooks.post("dependabot_alert", "after-the-hang", body).then().statusCode(202);
        // the 503's send may still reach the queue once it is back (the SDK retries it): at least once, never a 2xx
        // without it; GitHub's redelivery then comes under the same delivery id, which the views count once
        assertThat(queue.drain().keySet()).contains("after-the-hang");
    }

    private static Map<String, String> with(Map<String, String> base, String k, String v) {
        var m = new java.util.HashMap<>(base);
        m.put(k, v);
        return m;
    }
}
