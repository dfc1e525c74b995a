package io.alertlake.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.github.GitHubStub;
import io.alertlake.jobs.JobLeases;
import io.alertlake.jobs.SharedRuns;
import io.alertlake.lake.GatedStateStore;
import io.alertlake.local.LocalStack;
import io.alertlake.query.QueryEngine;
import io.alertlake.redelivery.Redeliveries;
import io.alertlake.testing.BucketFiles;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backfill and reconciliation end to end: a WireMock stub of GitHub's API (GitHub cannot be called from here) serves
 * the documented REST examples for three repositories of the {@code octocat} installation; the synthesized events go
 * through the real queue and consumer into the lake, and the numbers are read back through GraphQL.
 *
 * <p>The listings hold six alerts: code scanning #4 open, #3 dismissed as a false positive and #5 fixed (the
 * documented example extended by a second page), Dependabot #2 dismissed and #1 open, secret scanning #2 resolved
 * as a false positive (a dismissal: only {@code revoked} counts as fixed). That is six open events and four closes.
 */
@QuarkusTest
@TestProfile(BackfillProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillStubServerTest {

    private static final String TOKEN = "Bearer test-token";
    private static final String HELLO = "/repos/octocat/Hello-World/";
    private static GitHubStub github;

    @Inject
    QueryEngine engine;
    @Inject
    LocalStack localStack;
    @Inject
    BackfillRuns runs;
    @Inject
    io.alertlake.github.GitHub gitHub;
    @Inject
    io.alertlake.config.AlertlakeConfig config;
    @Inject
    io.alertlake.ingest.DeliveryQueue deliveryQueue;
    @Inject
    io.alertlake.lake.StateStore state;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;
    @Inject
    GitHubJobs jobs;
    @Inject
    software.amazon.awssdk.services.s3.S3Client s3;

    @BeforeAll
    static void stubGitHub() {
        github = new GitHubStub(GitHubStubResource.server);
        github.pages("/app/installations?per_page=100", List.of(GitHubStub.array(
                GitHubStub.installation(42, "octocat"), GitHubStub.installation(43, "someone-else"))));
        github.installationToken(42, "ghs_octocat", Instant.now().plus(Duration.ofHours(1)).toString());

        JsonNode helloWorld = GitHubStub.rest("apps/create-installation-access-token.201.json").path("repositories").get(0);
        ObjectNode page1 = Fixtures.JSON.createObjectNode().put("total_count", 3);
        page1.putArray("repositories").add(helloWorld);
        ObjectNode page2 = Fixtures.JSON.createObjectNode().put("total_count", 3);
        page2.putArray("repositories").add(GitHubStub.repository(2001, "octocat", "api"))
                .add(GitHubStub.repository(2002, "octocat", "lib"));
        github.pages("/installation/repositories?per_page=100", List.of(page1, page2));

        // Hello-World: every listing, code scanning over two pages
        JsonNode codeScanning = GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json");
        ObjectNode fixed = codeScanning.get(0).deepCopy();
        fixed.put("number", 5).put("state", "fixed").put("fixed_at", "2020-03-01T00:00:00Z");
        github.pages(HELLO + "code-scanning/alerts?per_page=100", List.of(codeScanning, GitHubStub.array(fixed)));
        github.pages(HELLO + "dependabot/alerts?per_page=100",
                List.of(GitHubStub.rest("dependabot/list-alerts-for-repo.200.json")));
        github.pages(HELLO + "secret-scanning/alerts?per_page=100&hide_secret=true",
                List.of(GitHubStub.rest("secret-scanning/list-alerts-for-repo.200.json")));
        // api: no Advanced Security; lib: never analysed, nothing else
        github.error("/repos/octocat/api/code-scanning/alerts?per_page=100", 403,
                "Advanced Security must be enabled for this repository to use code scanning.");
        github.error("/repos/octocat/api/dependabot/alerts?per_page=100", 403,
                "Dependabot alerts are disabled for this repository.");
        github.error("/repos/octocat/api/secret-scanning/alerts?per_page=100&hide_secret=true", 404, "Not Found");
        github.error("/repos/octocat/lib/code-scanning/alerts?per_page=100", 404, "no analysis found");
        github.pages("/repos/octocat/lib/dependabot/alerts?per_page=100", List.of(GitHubStub.array()));
        github.pages("/repos/octocat/lib/secret-scanning/alerts?per_page=100&hide_secret=true",
                List.of(GitHubStub.array()));
        // the listing of the secret types GitHub lists only when asked for by name (alertlake.github.opt-in-secret-types)
        github.pages(HELLO + PASSWORDS, List.of(GitHubStub.array()));
        github.error("/repos/octocat/api/" + PASSWORDS, 404, "Not Found");
        github.pages("/repos/octocat/lib/" + PASSWORDS, List.of(GitHubStub.array()));
    }

    private static final String PASSWORDS = "secret-scanning/alerts?per_page=100&hide_secret=true&secret_type=password";

    private static JsonPath startAndWait() {
        JsonPath started = given().header("Authorization", TOKEN).post("/admin/backfill")
                .then().statusCode(202).extract().jsonPath();
        String id = started.getString("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(progress(id).getString("status")));
        return progress(id);
    }

    private static JsonPath progress(String id) {
        return given().header("Authorization", TOKEN).get("/admin/backfill/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> byOrg() {
        List<Map<String, Object>> rows = given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("query", "{ remediation(groupBy: [ORG]) { org opened fixed dismissed falsePositives "
                        + "reopened openAtEnd } }"))
                .post("/graphql").then().statusCode(200).extract().jsonPath().getList("data.remediation");
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    private long findingRows() {
        return ((Number) engine.query("SELECT count(*) AS n FROM findings", List.of(), Duration.ofSeconds(30))
                .get(0).get("n")).longValue();
    }

    @Test
    @Order(1)
    void adminEndpointsNeedAToken() {
        given().post("/admin/backfill").then().statusCode(401);
        given().get("/admin/backfill/anything").then().statusCode(401);
        given().header("Authorization", TOKEN).get("/admin/backfill/no-such-run").then().statusCode(404);
        // an org the App is not installed on is an error, not a run that succeeds having read nothing
        given().header("Authorization", TOKEN).post("/admin/backfill?org=no-such-org").then().statusCode(404)
                .body("error", org.hamcrest.Matchers.containsString("no-such-org"));
        // GitHub failing to list the installations is GitHub's error (502), not the service's (500)
        var outage = GitHubStubResource.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock
                .get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/app/installations"))
                .atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"A JSON web token could not be decoded\"}")));
        try {
            given().header("Authorization", TOKEN).post("/admin/backfill?org=octo-org").then().statusCode(502)
                    .body("error", org.hamcrest.Matchers.containsString("401"));
        } finally {
            GitHubStubResource.server.removeStub(outage);
        }
    }

    @Test
    @Order(2)
    void backfillQueuesEveryAlertsStateAndNotesListingsGitHubDoesNotOffer() {
        JsonPath run = startAndWait();

        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("installations")).isEqualTo(1); // someone-else is not in alertlake.github.orgs
        assertThat(run.getInt("repositories")).isEqualTo(3);
        assertThat(run.getLong("alertsSeen")).isEqualTo(6);
        assertThat(run.getLong("eventsEnqueued")).isEqualTo(10);
        assertThat(run.getInt("errorCount")).isZero();
        assertThat(run.getList("unavailable.repository")).containsExactlyInAnyOrder(
                "octocat/api", "octocat/api", "octocat/api", "octocat/api", "octocat/lib");
        assertThat(run.getList("unavailable.status")).containsExactlyInAnyOrder(403, 403, 404, 404, 404);
        GitHubStubResource.server.verify(0, postRequestedFor(urlEqualTo("/app/installations/43/access_tokens")));
        GitHubStubResource.server.verify(getRequestedFor(urlPathEqualTo(HELLO + "secret-scanning/alerts"))
                .withQueryParam("hide_secret", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true")));

        await().atMost(Duration.ofSeconds(60)).until(() -> findingRows() == 10);
        assertThat(byOrg()).containsEntry("org", "octocat").containsEntry("opened", 6).containsEntry("fixed", 1)
                .containsEntry("dismissed", 3).containsEntry("falsePositives", 2).containsEntry("openAtEnd", 2)
                .containsEntry("reopened", 0);
    }

    @Test
    @Order(3)
    void runningTheBackfillAgainWritesTheSameEventsAndChangesNoMetric() {
        Map<String, Object> before = byOrg();

        JsonPath run = startAndWait();
        assertThat(run.getLong("eventsEnqueued")).isEqualTo(10);
        await().atMost(Duration.ofSeconds(60)).until(() -> findingRows() == 20); // the copies did land in the lake

        assertThat(byOrg()).isEqualTo(before);
        assertThat(engine.query("SELECT count(DISTINCT metadata.uid) AS n FROM findings", List.of(),
                Duration.ofSeconds(30)).get(0).get("n")).isEqualTo(10L);
    }

    @Test
    @Order(4)
    void noSecretValueReachesTheArchive() throws IOException {
        // the queued bodies are checked where the backfill makes them: AlertEventsTest (the archive redacts again)
        String secret = GitHubStub.rest("secret-scanning/list-alerts-for-repo.200.json").get(0).path("secret").asText();
        assertThat(secret).isNotBlank();
        List<Path> archived = BucketFiles.under(localStack, "raw", ".gz");
        assertThat(archived).isNotEmpty();
        for (Path f : archived) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).doesNotContain(secret);
            }
        }
    }

    @Test
    @Order(5)
    void aLaterWebhookForABackfilledAlertContinuesTheSameLifecycle() {
        // GitHub's documented dependabot fixed webhook is about Hello-World's Dependabot alert #1, open in the backfill
        Webhooks.post("dependabot_alert", Fixtures.webhook("dependabot_alert/fixed.json").body()).then().statusCode(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> ((Number) byOrg().get("fixed")).intValue() == 2);
        assertThat(byOrg()).containsEntry("opened", 6).containsEntry("openAtEnd", 1);
        JsonPath alerts = given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("query", "{ alerts(first: 50, filter: {alertTypes: [DEPENDABOT]}) { totalCount "
                        + "nodes { number state createdAt closedAt } } }"))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
        assertThat(alerts.getInt("data.alerts.totalCount")).isEqualTo(2);
        Map<String, Object> one = alerts.<Map<String, Object>>getList("data.alerts.nodes").stream()
                .filter(a -> ((Number) a.get("number")).intValue() == 1).findFirst().orElseThrow();
        assertThat(one).containsEntry("state", "FIXED").containsEntry("createdAt", "2022-06-14T15:21:52Z")
                .containsEntry("closedAt", "2022-06-15T13:55:40Z");
    }

    @Test
    @Order(6)
    void reconciliationReadsOnlyWhatChangedSinceTheLastRun() {
        // the last full run left a watermark; Dependabot #2 was reopened on GitHub since, and no webhook came
        Instant reopened = Instant.now().minusSeconds(60);
        ArrayNode updated = GitHubStub.rest("dependabot/list-alerts-for-repo.200.json").deepCopy();
        ObjectNode two = (ObjectNode) updated.get(0);
        two.put("state", "open").put("updated_at", reopened.toString()).putNull("dismissed_at").putNull("dismissed_reason");
        github.pages(HELLO + "dependabot/alerts?per_page=100&sort=updated&direction=desc", List.of(updated));
        for (String listing : List.of("code-scanning/alerts?per_page=100", "secret-scanning/alerts?per_page=100&hide_secret=true",
                PASSWORDS)) {
            github.pages(HELLO + listing + "&sort=updated&direction=desc",
                    List.of(GitHubStub.rest(listing.startsWith("code") ? "code-scanning/list-alerts-for-repo.200.json"
                            : "secret-scanning/list-alerts-for-repo.200.json")));
        }
        github.pages("/repos/octocat/lib/dependabot/alerts?per_page=100&sort=updated&direction=desc",
                List.of(GitHubStub.array()));
        github.pages("/repos/octocat/lib/secret-scanning/alerts?per_page=100&hide_secret=true&sort=updated&direction=desc",
                List.of(GitHubStub.array()));
        github.pages("/repos/octocat/lib/" + PASSWORDS + "&sort=updated&direction=desc", List.of(GitHubStub.array()));

        io.alertlake.jobs.SharedRuns.Started<BackfillRun.Snapshot> started = runs.reconcile();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.find(started.run().id()).orElseThrow().status()
                != BackfillRun.Status.RUNNING);
        BackfillRun.Snapshot run = runs.find(started.run().id()).orElseThrow();

        assertThat(run.since()).isNotNull();
        assertThat(run.status()).isEqualTo(BackfillRun.Status.SUCCEEDED);
        assertThat(run.alertsSeen()).isEqualTo(1); // everything else was last updated before the watermark
        await().atMost(Duration.ofSeconds(60)).until(() -> ((Number) byOrg().get("openAtEnd")).intValue() == 2);
        // the dismissal still happened within all time; the reopen that no webhook reported is now counted
        assertThat(byOrg()).containsEntry("opened", 6).containsEntry("dismissed", 3).containsEntry("reopened", 1);
    }

    @Test
    @Order(7)
    void redeliverySweepAsksForFailedDeliveriesOnceAcrossSweeps() {
        ObjectNode example = (ObjectNode) GitHubStub.rest("apps/list-webhook-deliveries.200.json").get(0);
        ObjectNode failed = example.deepCopy().put("id", 501).put("guid", "lost-guid").put("status_code", 503)
                .put("status", "Invalid HTTP Response: 503").put("delivered_at", Instant.now().minusSeconds(600).toString());
        ObjectNode delivered = example.deepCopy().put("id", 502).put("guid", "fine-guid").put("status_code", 202)
                .put("delivered_at", Instant.now().minusSeconds(300).toString());
        github.pages("/app/hook/deliveries?per_page=100", List.of(GitHubStub.array(delivered, failed)));
        GitHubStubResource.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                urlEqualTo("/app/hook/deliveries/501/attempts")).willReturn(GitHubStub.json(202, Fixtures.JSON.createObjectNode())));

        JsonPath first = given().header("Authorization", TOKEN).post("/admin/redeliver").then().statusCode(200)
                .extract().jsonPath();
        assertThat(first.getList("requested")).containsExactly(List.of("lost-guid"));
        // the next sweep (a restart would do the same: the asked guids are kept in state/) does not ask again
        JsonPath second = given().header("Authorization", TOKEN).post("/admin/redeliver").then().statusCode(200)
                .extract().jsonPath();
        assertThat(second.getList("requested")).containsExactly(List.of());
        GitHubStubResource.server.verify(1, postRequestedFor(urlEqualTo("/app/hook/deliveries/501/attempts")));
        assertThat(localStack.bucketDir().resolve("state/redelivery-app.json")).exists();
    }

    @Test
    @Order(8)
    void aSweepAskedForWhileAPassRunsOnAnotherTaskIs409() {
        io.alertlake.jobs.JobLeases otherTask = new io.alertlake.jobs.JobLeases(state);
        // another task holding the schedule's lease does not stop an operator's pass: it runs only between passes
        assertThat(otherTask.hold(Redeliveries.LEASE, Duration.ofMinutes(5))).isTrue();
        try {
            given().header("Authorization", TOKEN).post("/admin/redeliver").then().statusCode(200);
        } finally {
            otherTask.release(Redeliveries.LEASE);
        }
        // a pass running on another task does
        assertThat(otherTask.hold(Redeliveries.PASS_LEASE, Duration.ofMinutes(5))).isTrue();
        int before = GitHubStubResource.server.findAll(getRequestedFor(urlPathEqualTo("/app/hook/deliveries"))).size();
        try {
            given().header("Authorization", TOKEN).post("/admin/redeliver").then().statusCode(409)
                    .body("error", org.hamcrest.Matchers.containsString("pass is running"));
            assertThat(GitHubStubResource.server.findAll(getRequestedFor(urlPathEqualTo("/app/hook/deliveries"))))
                    .hasSize(before);
        } finally {
            otherTask.release(Redeliveries.PASS_LEASE);
        }
        given().header("Authorization", TOKEN).post("/admin/redeliver").then().statusCode(200);

        // and a pass running on this task: the webhook's deliveries are listed slowly, a second request comes meanwhile
        var slow = GitHubStubResource.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(GitHubStub.json(200, GitHubStub.array())
                .withFixedDelay(8_000))); // the second request comes within it, even on a loaded machine
        int listed = GitHubStubResource.server.findAll(getRequestedFor(urlPathEqualTo("/app/hook/deliveries"))).size();
        try {
            var firstPass = java.util.concurrent.CompletableFuture.supplyAsync(() -> given()
                    .header("Authorization", TOKEN).post("/admin/redeliver").statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> GitHubStubResource.server
                    .findAll(getRequestedFor(urlPathEqualTo("/app/hook/deliveries"))).size() > listed);
            given().header("Authorization", TOKEN).post("/admin/redeliver").then().statusCode(409)
                    .body("error", org.hamcrest.Matchers.containsString("pass is running"));
            assertThat(firstPass.join()).isEqualTo(200);
        } finally {
            GitHubStubResource.server.removeStub(slow);
        }
    }

    @Test
    @Order(9)
    void anyTaskAnswersForARunAndOneRunGoesAtATimeAcrossTasks() {
        // a second ingest+API task behind the load balancer: its own runs and leases, the same lake bucket
        BackfillRuns otherTask = new BackfillRuns(gitHub, config, deliveryQueue, state, new io.alertlake.jobs.JobLeases(state), json,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        // Hello-World's code scanning answers slowly: the run is still going while the other task is asked
        var slow = GitHubStubResource.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                urlEqualTo(HELLO + "code-scanning/alerts?per_page=100")).willReturn(GitHubStub.json(200,
                GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json")).withFixedDelay(10_000)));
        try {
            String id = given().header("Authorization", TOKEN).post("/admin/backfill").then().statusCode(202)
                    .extract().jsonPath().getString("id");

            assertThat(otherTask.find(id)).get().extracting(BackfillRun.Snapshot::status)
                    .isEqualTo(BackfillRun.Status.RUNNING);
            io.alertlake.jobs.SharedRuns.Started<BackfillRun.Snapshot> second = otherTask.backfill(null);
            assertThat(second.alreadyRunning()).isTrue();
            assertThat(second.run().id()).isEqualTo(id);

            await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(progress(id).getString("status")));
            // this task answers from the run itself; the other reads what the run shares once it has moved the
            // watermark, a moment later
            await().atMost(Duration.ofSeconds(30)).until(() -> otherTask.find(id)
                    .filter(r -> r.status() != BackfillRun.Status.RUNNING).isPresent());
            assertThat(otherTask.find(id)).get().satisfies(r -> {
                assertThat(r.status()).isEqualTo(BackfillRun.Status.SUCCEEDED);
                assertThat(r.eventsEnqueued()).isEqualTo(progress(id).getLong("eventsEnqueued")).isPositive();
            });
            assertThat(otherTask.recent()).first().extracting(BackfillRun.Snapshot::id).isEqualTo(id);
        } finally {
            GitHubStubResource.server.removeStub(slow);
            otherTask.stop();
        }
    }

    @Test
    @Order(10)
    void aRunWhoseTaskStoppedSharingItsProgressReadsAsInterrupted() {
        Instant started = Instant.now().minus(Duration.ofMinutes(30));
        BackfillRun run = new BackfillRun("20260101T000000Z-deadbeef", BackfillRun.Kind.BACKFILL, null, null, started);
        state.write(io.alertlake.jobs.SharedRuns.runsFolder(BackfillRuns.KIND) + "/" + run.id(),
                json.valueToTree(run.snapshot(started.plusSeconds(60))));

        given().header("Authorization", TOKEN).get("/admin/backfill/" + run.id()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("INTERRUPTED"))
                .body("updatedAt", org.hamcrest.Matchers.equalTo(started.plusSeconds(60).toString()));
        given().header("Authorization", TOKEN).get("/admin/backfill/..%2Fsecrets").then().statusCode(404);
    }

    @Test
    @Order(12)
    void aFailedRunIsLoggedAsAnErrorForTheOperatorsAlarm() {
        // terraform/ counts ERROR lines of the ingest+API log group; a run's own failures are each logged at WARN
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(BackfillRuns.class.getName());
        logger.addHandler(handler);
        var broken = GitHubStubResource.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                urlEqualTo(HELLO + "dependabot/alerts?per_page=100")).willReturn(GitHubStub.json(400,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("message", "Bad request"))));
        try {
            String id = given().header("Authorization", TOKEN).post("/admin/backfill").then().statusCode(202)
                    .extract().jsonPath().getString("id");
            await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(progress(id).getString("status")));
            assertThat(progress(id).getString("status")).isEqualTo("FAILED");
            assertThat(records).anySatisfy(r -> {
                assertThat(r.getLevel().intValue()).isGreaterThanOrEqualTo(java.util.logging.Level.SEVERE.intValue());
                assertThat(r.getMessage() + java.util.Arrays.toString(r.getParameters())).contains(id);
            });
        } finally {
            GitHubStubResource.server.removeStub(broken);
            logger.removeHandler(handler);
        }
    }

    @Test
    @Order(11)
    void aReconciliationThatFindsABackfillGoingStartsWhenItHasEnded() {
        // Hello-World's code scanning answers slowly: the operator's backfill is still going at the scheduled time
        var slow = GitHubStubResource.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                urlEqualTo(HELLO + "code-scanning/alerts?per_page=100")).willReturn(GitHubStub.json(200,
                GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json")).withFixedDelay(10_000)));
        String id;
        try {
            id = given().header("Authorization", TOKEN).post("/admin/backfill").then().statusCode(202)
                    .extract().jsonPath().getString("id");
            jobs.reconcile(Duration.ofDays(1)); // the daily run, which finds the backfill going
            assertThat(runs.recent()).first().extracting(BackfillRun.Snapshot::id).isEqualTo(id);
            assertThat(jobs.postponed()).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(progress(id).getString("status")));
        } finally {
            GitHubStubResource.server.removeStub(slow);
        }
        // the retry, minutes later: the lease was given up, and the reconciliation starts now, not a day later
        jobs.reconcile(Duration.ofDays(1));
        assertThat(jobs.postponed()).isFalse();
        assertThat(runs.recent()).first().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(BackfillRun.Kind.RECONCILIATION);
            assertThat(r.id()).isNotEqualTo(id);
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.recent().get(0).status() != BackfillRun.Status.RUNNING);
    }

    @Test
    @Order(13)
    void aRunAskedForAsTheLastOneEndsStartsFromItsWatermarkOnceItHasGivenItsLeaseUp() throws Exception {
        // a script that polls a backfill until it reads SUCCEEDED and then starts the next run at once: the one that
        // ended is still writing the watermark (here it waits at a gate), its lease not yet given up
        GatedStateStore gated = new GatedStateStore(s3, config, BackfillRuns.WATERMARK);
        BackfillRuns task = new BackfillRuns(gitHub, config, deliveryQueue, gated, new JobLeases(state), json,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        JobLeases otherTask = new JobLeases(state);
        String lease = BackfillRuns.KIND + "-run";
        try {
            var first = new AtomicReference<SharedRuns.Started<BackfillRun.Snapshot>>();
            // the run of the test before may still be giving its lease up
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !first.updateAndGet(f -> task.backfill(null)).alreadyRunning());
            assertThat(gated.arrived(Duration.ofSeconds(60))).isTrue();
            assertThat(task.find(first.get().run().id())).get().extracting(BackfillRun.Snapshot::status)
                    .isEqualTo(BackfillRun.Status.SUCCEEDED);

            var second = CompletableFuture.supplyAsync(task::reconcile);
            // it does not start while the first run's end is being written: it waits for it
            assertThat(second).failsWithin(Duration.ofSeconds(2))
                    .withThrowableOfType(TimeoutException.class);
            gated.letThrough(1);
            SharedRuns.Started<BackfillRun.Snapshot> started = second.get(60, TimeUnit.SECONDS);
            assertThat(started.alreadyRunning()).isFalse();

            // the second run comes to its own watermark with its lease still its own (no other task may start a run
            // beside it), having read the watermark the first run wrote
            assertThat(gated.arrived(Duration.ofSeconds(60))).isTrue();
            assertThat(otherTask.hold(lease, Duration.ofSeconds(1))).isFalse();
            assertThat(started.run().since()).isNotNull()
                    .isEqualTo(Watermarks.of(state.read(BackfillRuns.WATERMARK)).oldest());
            gated.letThrough(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> otherTask.hold(lease, Duration.ofSeconds(1)));
            otherTask.release(lease);
        } finally {
            gated.letThrough(100);
            task.stop();
        }
    }
}
