package io.alertlake.redelivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.alertlake.github.GitHubApi;
import io.alertlake.github.GitHubStub;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lost-delivery sweep against a WireMock stub of GitHub's webhook-delivery endpoints, serving the documented
 * {@code hook-delivery-items} example extended into two pages of attempts (GitHub cannot be called from here).
 */
@QuarkusTest
class RedeliverySweepStubServerTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private WireMockServer server;
    private GitHubStub github;
    private GitHubApi api;
    private final List<Duration> pauses = new java.util.ArrayList<>();

    @BeforeEach
    void start() {
        github = GitHubStub.start();
        server = github.server();
        api = github.api(1, Duration.ofMinutes(1), d -> { }, Clock.systemUTC());
        server.stubFor(post(urlMatching(".*/deliveries/\\d+/attempts")).willReturn(aResponse().withStatus(202)
                .withBody("{}")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private RedeliverySweep sweep(String hook, String token) {
        return new RedeliverySweep(api, () -> token, hook, pauses::add);
    }

    /** One attempt, made from the documented example. */
    private static ObjectNode attempt(long id, String guid, String deliveredAt, int statusCode) {
        ObjectNode a = GitHubStub.rest("apps/list-webhook-deliveries.200.json").get(0).deepCopy();
        a.put("id", id).put("guid", guid).put("delivered_at", deliveredAt).put("status_code", statusCode)
                .put("status", statusCode >= 200 && statusCode < 300 ? "OK" : "Invalid HTTP Response: " + statusCode)
                .put("redelivery", id % 2 == 0).put("event", "dependabot_alert");
        return a;
    }

    /** Newest first, as GitHub lists them: A failed then succeeded, B failed twice, C succeeded, D is too old. */
    private void deliveries(String hook) {
        ArrayNode first = GitHubStub.array(
                attempt(16, "guid-a", "2026-11-24T11:50:00Z", 202),
                attempt(15, "guid-b", "2026-11-24T11:40:00Z", 503),
                attempt(14, "guid-c", "2026-11-24T11:30:00Z", 202));
        ArrayNode second = GitHubStub.array(
                attempt(13, "guid-a", "2026-11-24T11:00:00Z", 500),
                attempt(12, "guid-b", "2026-11-24T10:00:00Z", 0),
                attempt(11, "guid-d", "2026-11-20T10:00:00Z", 500));
        github.pages(hook + "/deliveries?per_page=100", List.of(first, second));
    }

    @Test
    void asksOnceForTheLatestAttemptOfEveryGuidThatNeverSucceeded() {
        deliveries("/app/hook");
        RedeliverySweep sweep = sweep("/app/hook", "app-jwt");

        RedeliverySweep.Result r = sweep.sweep(NOW.minus(Duration.ofDays(1)), Map.of(), 100, NOW);

        assertThat(r.attempts()).isEqualTo(5); // guid-d is older than the watermark and not looked at
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.requested()).containsExactly("guid-b");
        server.verify(1, postRequestedFor(urlMatching(".*/attempts")));
        server.verify(postRequestedFor(urlEqualTo("/app/hook/deliveries/15/attempts")));
    }

    @Test
    void aSecondSweepDoesNotAskAgainUntilGitHubHasTriedAgain() {
        deliveries("/app/hook");
        RedeliverySweep sweep = sweep("/app/hook", "app-jwt");
        RedeliverySweep.Result first = sweep.sweep(NOW.minus(Duration.ofDays(1)), Map.of(), 100, NOW);

        RedeliverySweep.Result second = sweep.sweep(NOW.minus(Duration.ofDays(1)), first.requestedAt(), 100,
                NOW.plusSeconds(60));
        assertThat(second.requested()).isEmpty();
        assertThat(second.skipped()).isEqualTo(1);
        server.verify(1, postRequestedFor(urlMatching(".*/attempts")));

        // the redelivery GitHub made after our request failed as well: ask again, for that attempt, once an hour
        // has passed since the first ask
        ArrayNode newer = GitHubStub.array(attempt(17, "guid-b", NOW.plusSeconds(120).toString(), 502));
        JsonNode rest = GitHubStub.array(attempt(15, "guid-b", "2026-11-24T11:40:00Z", 503));
        github.pages("/app/hook/deliveries?per_page=100", List.of(newer, rest));
        assertThat(sweep.sweep(NOW.minus(Duration.ofDays(1)), second.requestedAt(), 100, NOW.plusSeconds(180))
                .requested()).isEmpty();
        RedeliverySweep.Result third = sweep.sweep(NOW.minus(Duration.ofDays(1)), second.requestedAt(), 100,
                NOW.plus(Duration.ofHours(1)));
        assertThat(third.requested()).containsExactly("guid-b");
        server.verify(postRequestedFor(urlEqualTo("/app/hook/deliveries/17/attempts")));
    }

    @Test
    void requestsPerSweepAreBoundedAndTheOldestFailuresAskedForFirst() {
        ArrayNode failures = GitHubStub.array(
                attempt(23, "guid-x", "2026-11-24T11:50:00Z", 500),
                attempt(22, "guid-y", "2026-11-24T11:40:00Z", 500),
                attempt(21, "guid-z", "2026-11-24T11:30:00Z", 500));
        github.pages("/app/hook/deliveries?per_page=100", List.of(failures));

        RedeliverySweep.Result r = sweep("/app/hook", "app-jwt")
                .sweep(NOW.minus(Duration.ofDays(1)), Map.of(), 2, NOW);

        assertThat(r.failed()).isEqualTo(3);
        // GitHub lists newest first and forgets a delivery after three days: the oldest are the most urgent
        assertThat(r.requested()).containsExactly("guid-z", "guid-y");
        assertThat(r.skipped()).isEqualTo(1);
        server.verify(2, postRequestedFor(urlMatching(".*/attempts")));

        // the next pass, two hours later, looks back to the failure left over and asks for it
        assertThat(r.oldestPending()).isEqualTo(Instant.parse("2026-11-24T11:50:00Z"));
        Instant later = NOW.plus(Duration.ofHours(2));
        RedeliverySweep.Result next = sweep("/app/hook", "app-jwt")
                .sweep(Redeliveries.nextSince(later, r.oldestPending()), r.requestedAt(), 2, later);
        assertThat(next.requested()).containsExactly("guid-x");
        assertThat(next.oldestPending()).isNull();
        assertThat(Redeliveries.nextSince(later, next.oldestPending())).isEqualTo(later.minus(Redeliveries.OVERLAP));
    }

    @Test
    void aRedeliveryGitHubRefusesIsAskedForAgainByTheNextPass() {
        github.pages("/app/hook/deliveries?per_page=100", List.of(GitHubStub.array(
                attempt(31, "guid-r", "2026-11-24T11:20:00Z", 500))));
        server.stubFor(post(urlEqualTo("/app/hook/deliveries/31/attempts")).willReturn(aResponse().withStatus(422)
                .withBody("{\"message\":\"Validation Failed\"}")));
        RedeliverySweep.Result r = sweep("/app/hook", "app-jwt")
                .sweep(NOW.minus(Duration.ofDays(1)), Map.of(), 100, NOW);
        assertThat(r.errors()).isEqualTo(1);
        assertThat(r.requestedAt()).doesNotContainKey("guid-r");
        assertThat(Redeliveries.nextSince(NOW.plus(Duration.ofHours(5)), r.oldestPending()))
                .isEqualTo(Instant.parse("2026-11-24T11:20:00Z"));
    }

    @Test
    void orgWebhooksUseTheOrgHookEndpoints() {
        deliveries("/orgs/octo-org/hooks/99");

        RedeliverySweep.Result r = sweep("/orgs/octo-org/hooks/99", "ghs_installation")
                .sweep(NOW.minus(Duration.ofDays(1)), Map.of(), 100, NOW);

        assertThat(r.requested()).containsExactly("guid-b");
        server.verify(postRequestedFor(urlEqualTo("/orgs/octo-org/hooks/99/deliveries/15/attempts"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer ghs_installation")));
    }

    /** Three failures, oldest last (GitHub lists newest first). */
    private void threeFailures() {
        github.pages("/app/hook/deliveries?per_page=100", List.of(GitHubStub.array(
                attempt(43, "guid-3", "2026-11-24T11:50:00Z", 500),
                attempt(42, "guid-2", "2026-11-24T11:40:00Z", 500),
                attempt(41, "guid-1", "2026-11-24T11:30:00Z", 500))));
    }

    @Test
    void aRateLimitBeyondTheAllowedWaitEndsThePass() {
        threeFailures();
        server.stubFor(post(urlMatching(".*/deliveries/\\d+/attempts")).willReturn(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()))
                .withBody("{\"message\":\"API rate limit exceeded\"}")));

        RedeliverySweep.Result r = sweep("/app/hook", "app-jwt").sweep(NOW.minus(Duration.ofDays(1)), Map.of(), 100, NOW);

        // every further request would be refused too, and GitHub may block an integration that keeps asking
        server.verify(1, postRequestedFor(urlMatching(".*/attempts")));
        assertThat(r.requested()).isEmpty();
        assertThat(r.errors()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(r.stopped()).contains("rate limit");
        assertThat(r.oldestPending()).isEqualTo(Instant.parse("2026-11-24T11:30:00Z"));
    }

    @Test
    void aRedeliveryRequestIsNotRetried() {
        // a request that timed out or failed with a 5xx may have been carried out: sent again, GitHub redelivers twice
        threeFailures();
        server.stubFor(post(urlEqualTo("/app/hook/deliveries/41/attempts")).willReturn(aResponse().withStatus(502)));

        RedeliverySweep.Result r = sweep("/app/hook", "app-jwt").sweep(NOW.minus(Duration.ofDays(1)), Map.of(), 100, NOW);

        server.verify(1, postRequestedFor(urlEqualTo("/app/hook/deliveries/41/attempts")));
        assertThat(r.errors()).isEqualTo(1);
        assertThat(r.requested()).containsExactly("guid-2", "guid-3");
    }

    @Test
    void redeliveryRequestsAreASecondApart() {
        threeFailures();

        sweep("/app/hook", "app-jwt").sweep(NOW.minus(Duration.ofDays(1)), Map.of(), 100, NOW);

        server.verify(3, postRequestedFor(urlMatching(".*/attempts")));
        // GitHub's REST best practices: at least a second between mutating requests
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void eachAskWaitsLongerThanTheOneBeforeAndAGuidIsAskedForFiveTimesAtMost() {
        // each redelivery that failed is a newer attempt: without a bound, a delivery that always fails is asked
        // for on every pass; asked for an hour apart, all asks would fall inside one outage
        github.pages("/app/hook/deliveries?per_page=100", List.of(GitHubStub.array(
                attempt(54, "guid-soon", "2026-11-24T11:45:00Z", 503),
                attempt(53, "guid-again", "2026-11-24T11:40:00Z", 500),
                attempt(52, "guid-always", "2026-11-24T11:30:00Z", 500))));
        Map<String, RedeliverySweep.Ask> asked = Map.of(
                // asked once, 30 minutes ago, and refused again: its second ask waits an hour after the first
                "guid-soon", new RedeliverySweep.Ask(Instant.parse("2026-11-24T11:30:00Z"), 1),
                // asked twice, the second time 7 hours ago: the third waits 6 hours
                "guid-again", new RedeliverySweep.Ask(Instant.parse("2026-11-24T05:00:00Z"), 2),
                "guid-always", new RedeliverySweep.Ask(Instant.parse("2026-11-22T11:00:00Z"), 5));

        RedeliverySweep.Result r = sweep("/app/hook", "app-jwt").sweep(NOW.minus(Duration.ofDays(1)), asked, 100, NOW);

        assertThat(r.requested()).containsExactly("guid-again");
        assertThat(r.requestedAt().get("guid-again")).isEqualTo(new RedeliverySweep.Ask(NOW, 3));
        assertThat(r.abandoned()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(1);
        // the waiting guid is still looked for by the next passes
        assertThat(r.oldestPending()).isEqualTo(Instant.parse("2026-11-24T11:45:00Z"));
        assertThat(r.requestedAt()).containsKey("guid-always"); // still remembered: not asked for by the next pass
        server.verify(1, postRequestedFor(urlMatching(".*/attempts")));
        server.verify(postRequestedFor(urlEqualTo("/app/hook/deliveries/53/attempts")));

        // an hour after its first ask, the waiting guid is asked for again
        server.resetRequests();
        RedeliverySweep.Result later = sweep("/app/hook", "app-jwt").sweep(NOW.minus(Duration.ofDays(1)),
                r.requestedAt(), 100, Instant.parse("2026-11-24T12:31:00Z"));
        assertThat(later.requested()).containsExactly("guid-soon");
        assertThat(later.requestedAt().get("guid-soon").times()).isEqualTo(2);
    }

    @Test
    void anOutageOfTwoDaysIsOutlivedWithinGitHubsThreeDays() {
        // every attempt refused for two days (a stale allow-list): the asks come 1, 6, 24 and 24 hours apart, and
        // the fifth still falls before GitHub forgets the delivery
        Duration sinceFirst = RedeliverySweep.BACKOFF.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(RedeliverySweep.BACKOFF).hasSize(RedeliverySweep.MAX_ASKS - 1);
        assertThat(sinceFirst).isGreaterThan(Duration.ofDays(2)).isLessThan(Redeliveries.WINDOW.minus(Duration.ofHours(2)));
    }

    @Test
    void failuresNeverAskedForComeBeforeThoseAskedForAlready() {
        github.pages("/app/hook/deliveries?per_page=100", List.of(GitHubStub.array(
                attempt(63, "guid-new", "2026-11-24T11:45:00Z", 500),
                attempt(62, "guid-old", "2026-11-24T11:30:00Z", 500), // our redelivery, failed as well
                attempt(61, "guid-old", "2026-11-24T10:00:00Z", 500))));
        Map<String, RedeliverySweep.Ask> asked = Map.of(
                "guid-old", new RedeliverySweep.Ask(Instant.parse("2026-11-24T11:00:00Z"), 1));

        RedeliverySweep.Result r = sweep("/app/hook", "app-jwt").sweep(NOW.minus(Duration.ofDays(1)), asked, 1, NOW);

        assertThat(r.requested()).containsExactly("guid-new");
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.oldestPending()).isEqualTo(Instant.parse("2026-11-24T11:30:00Z"));
    }

    @Test
    void deliveriesOurIngestRefusedForWhatTheyAreAreNotAskedForAgain() {
        // 400 (malformed) and 413 (too large): the same request is refused the same way; 401 (the secret may have
        // been fixed since), 403, 404 (the hook's address), 429, 5xx and no answer at all can go through later
        github.pages("/app/hook/deliveries?per_page=100", List.of(GitHubStub.array(
                attempt(78, "guid-400", "2026-11-24T11:48:00Z", 400),
                attempt(77, "guid-413", "2026-11-24T11:47:00Z", 413),
                attempt(76, "guid-401", "2026-11-24T11:46:00Z", 401),
                attempt(75, "guid-403", "2026-11-24T11:45:00Z", 403),
                attempt(74, "guid-404", "2026-11-24T11:44:00Z", 404),
                attempt(73, "guid-429", "2026-11-24T11:43:00Z", 429),
                attempt(72, "guid-503", "2026-11-24T11:42:00Z", 503),
                attempt(71, "guid-0", "2026-11-24T11:41:00Z", 0))));

        RedeliverySweep.Result r = sweep("/app/hook", "app-jwt").sweep(NOW.minus(Duration.ofDays(1)), Map.of(), 100, NOW);

        assertThat(r.failed()).isEqualTo(8);
        assertThat(r.requested()).containsExactly("guid-0", "guid-503", "guid-429", "guid-404", "guid-403", "guid-401");
        assertThat(r.abandoned()).isEqualTo(2);
        assertThat(r.oldestPending()).isNull();
    }

    @Test
    void theAskCountIsKeptBesideTheStateEarlierVersionsWrote() {
        // what an earlier version wrote: the time of the last ask only
        ObjectNode old = io.alertlake.testing.Fixtures.JSON.createObjectNode().put("since", "2026-11-24T10:00:00Z");
        old.putObject("asked").put("guid-a", "2026-11-24T10:30:00Z");
        assertThat(Redeliveries.asked(old)).containsExactly(
                Map.entry("guid-a", new RedeliverySweep.Ask(Instant.parse("2026-11-24T10:30:00Z"), 1)));

        ObjectNode next = io.alertlake.testing.Fixtures.JSON.createObjectNode();
        Redeliveries.keepAsked(next, Map.of(
                "guid-a", new RedeliverySweep.Ask(Instant.parse("2026-11-24T11:30:00Z"), 2),
                "guid-gone", new RedeliverySweep.Ask(Instant.parse("2026-11-20T11:30:00Z"), 3)),
                Instant.parse("2026-11-21T12:00:00Z"));
        // times stay where an earlier version reads them (a rollback goes on sweeping), the count beside them
        assertThat(next.path("asked").path("guid-a").asText()).isEqualTo("2026-11-24T11:30:00Z");
        assertThat(next.path("asked").has("guid-gone")).isFalse();
        assertThat(Redeliveries.asked(next)).containsExactly(
                Map.entry("guid-a", new RedeliverySweep.Ask(Instant.parse("2026-11-24T11:30:00Z"), 2)));
    }
}
