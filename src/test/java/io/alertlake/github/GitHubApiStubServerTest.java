package io.alertlake.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.alertlake.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The GitHub client against a WireMock stub of GitHub's REST API (GitHub cannot be called from here) serving the
 * documented example responses: pagination, rate limits, retries and the App's tokens. A Quarkus test because the
 * retries are SmallRye Fault Tolerance guards, which the application's CDI container provides.
 */
@QuarkusTest
class GitHubApiStubServerTest {

    private static final String ALERTS = "/repos/octo-org/web/code-scanning/alerts?per_page=100";

    private WireMockServer server;
    private GitHubStub github;
    private final List<Duration> waits = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private GitHubApi api;

    @BeforeEach
    void start() {
        github = GitHubStub.start();
        server = github.server();
        api = github.api(3, Duration.ofMinutes(15), waits::add, clock);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void followsLinkHeadersThroughEveryPageInOrder() {
        JsonNode example = GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json");
        List<ArrayNode> pages = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            ArrayNode items = example.deepCopy();
            for (int i = 0; i < items.size(); i++) {
                ((ObjectNode) items.get(i)).put("number", page * 10 + i);
            }
            pages.add(items);
        }
        github.pages(ALERTS, pages);

        List<Integer> numbers = new ArrayList<>();
        api.pages(ALERTS, "token", page -> {
            page.json().forEach(a -> numbers.add(a.path("number").asInt()));
            return true;
        });

        assertThat(numbers).containsExactly(0, 1, 10, 11, 20, 21);
        server.verify(3, getRequestedFor(urlPathEqualTo("/repos/octo-org/web/code-scanning/alerts"))
                .withQueryParam("per_page", equalTo("100"))
                .withHeader("Authorization", equalTo("Bearer token"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withHeader("Accept", equalTo("application/vnd.github+json")));
    }

    @Test
    void aPageLinkToAnotherHostIsNotFollowedWithTheToken() {
        JsonNode example = GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json");
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(ALERTS)).willReturn(GitHubStub.json(200, example)
                .withHeader("Link", "<http://attacker.example:" + server.port() + ALERTS + "&page=2>; rel=\"next\"")));

        assertThatThrownBy(() -> api.pages(ALERTS, "token", page -> true))
                .isInstanceOf(io.alertlake.github.GitHubException.class).hasMessageContaining("refusing to send");
        server.verify(1, getRequestedFor(urlPathEqualTo("/repos/octo-org/web/code-scanning/alerts")));
    }

    @Test
    void aRedirectIsFollowedWithTheTokenOnlyWithinGitHubsOrigin() {
        // a renamed repository: GitHub answers 301 to the same API, which is followed with the token
        JsonNode example = GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json");
        server.stubFor(get(urlEqualTo("/repos/octo-org/old-name/code-scanning/alerts"))
                .willReturn(aResponse().withStatus(301).withHeader("Location", ALERTS)));
        server.stubFor(get(urlEqualTo(ALERTS)).willReturn(GitHubStub.json(200, example)));
        assertThat(api.get("/repos/octo-org/old-name/code-scanning/alerts", "token").json()).hasSize(example.size());
        server.verify(getRequestedFor(urlPathEqualTo("/repos/octo-org/web/code-scanning/alerts"))
                .withHeader("Authorization", equalTo("Bearer token")));

        // a redirect to another host is not followed: the token would go with it
        WireMockServer elsewhere = new WireMockServer(com.github.tomakehurst.wiremock.core.WireMockConfiguration
                .options().dynamicPort());
        elsewhere.start();
        try {
            elsewhere.stubFor(get(urlEqualTo("/stolen")).willReturn(GitHubStub.json(200, example)));
            server.stubFor(get(urlEqualTo("/repos/octo-org/moved/code-scanning/alerts")).willReturn(aResponse()
                    .withStatus(302).withHeader("Location", "http://127.0.0.1:" + elsewhere.port() + "/stolen")));
            assertThatThrownBy(() -> api.get("/repos/octo-org/moved/code-scanning/alerts", "token"))
                    .isInstanceOf(GitHubException.class).hasMessageContaining("redirect");
            elsewhere.verify(0, getRequestedFor(urlPathEqualTo("/stolen")));
        } finally {
            elsewhere.stop();
        }
    }

    @Test
    void stopsReadingPagesWhenTheCallerHasEnough() {
        JsonNode example = GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json");
        github.pages(ALERTS, List.of(example, example, example));
        api.pages(ALERTS, "token", page -> false);
        server.verify(1, getRequestedFor(urlPathEqualTo("/repos/octo-org/web/code-scanning/alerts")));
    }

    @Test
    void exhaustedPrimaryRateLimitWaitsUntilTheResetTime() {
        long reset = clock.instant().plusSeconds(30).getEpochSecond();
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", Long.toString(reset))
                        .withBody("{\"message\":\"API rate limit exceeded for installation ID 1.\"}"))
                .willSetStateTo("reset"));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs("reset")
                .willReturn(GitHubStub.json(200, GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json"))));

        assertThat(api.get(ALERTS, "token").json()).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(31));
    }

    @Test
    void secondaryRateLimitWaitsForRetryAfter() {
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                        .withBody("{\"message\":\"You have exceeded a secondary rate limit.\"}"))
                .willSetStateTo("ok"));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs("ok")
                .willReturn(GitHubStub.json(200, GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json"))));

        assertThat(api.get(ALERTS, "token").status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void secondaryRateLimitWithoutRetryAfterWaitsAMinute() {
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403)
                        .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes.\"}"))
                .willSetStateTo("ok"));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs("ok")
                .willReturn(GitHubStub.json(200, GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json"))));

        assertThat(api.get(ALERTS, "token").status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void aSecondaryRateLimitThatGoesOnIsWaitedForLongerEachTime() {
        String[] states = {Scenario.STARTED, "second", "third", "ok"};
        for (int i = 0; i < 3; i++) {
            server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs(states[i])
                    .willReturn(aResponse().withStatus(403)
                            .withBody("{\"message\":\"You have exceeded a secondary rate limit.\"}"))
                    .willSetStateTo(states[i + 1]));
        }
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs("ok")
                .willReturn(GitHubStub.json(200, GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json"))));

        assertThat(api.get(ALERTS, "token").status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4));
    }

    @Test
    void retryAfterGivenAsADateIsWaitedUntilAndOneThatIsNeitherLeavesTheOtherSignsToDecide() {
        String in90Seconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                clock.instant().plusSeconds(90).atZone(java.time.ZoneOffset.UTC));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", in90Seconds))
                .willSetStateTo("unreadable"));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs("unreadable")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "soon"))
                .willSetStateTo("ok"));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs("ok")
                .willReturn(GitHubStub.json(200, GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json"))));

        assertThat(api.get(ALERTS, "token").status()).isEqualTo(200);
        // the second: a secondary limit (429) after one wait already
        assertThat(waits).containsExactly(Duration.ofSeconds(90), Duration.ofMinutes(2));
    }

    @Test
    void rateLimitResettingLaterThanAllowedFailsWithoutWaiting() {
        server.stubFor(get(urlEqualTo(ALERTS)).willReturn(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(clock.instant().plusSeconds(3600).getEpochSecond()))));

        assertThatThrownBy(() -> api.get(ALERTS, "token")).isInstanceOf(GitHubException.RateLimited.class)
                .hasMessageContaining("max-rate-limit-wait");
        assertThat(waits).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilGitHubAnswers() {
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("second"));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(GitHubStub.json(200, GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json"))));

        assertThat(api.get(ALERTS, "token").json()).hasSize(2);
        server.verify(3, getRequestedFor(urlEqualTo(ALERTS)));
    }

    @Test
    void serverErrorThatPersistsFailsAfterTheConfiguredRetries() {
        server.stubFor(get(urlEqualTo(ALERTS)).willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> api.get(ALERTS, "token")).isInstanceOf(GitHubException.class)
                .satisfies(e -> assertThat(((GitHubException) e).status()).isEqualTo(500));
        server.verify(4, getRequestedFor(urlEqualTo(ALERTS))); // the first try and 3 retries
    }

    @Test
    void clientErrorIsNotRetriedAndCarriesGitHubsMessage() {
        github.error(ALERTS, 404, "no analysis found");

        assertThatThrownBy(() -> api.get(ALERTS, "token")).isInstanceOf(GitHubException.class)
                .hasMessageContaining("404").hasMessageContaining("no analysis found");
        server.verify(1, getRequestedFor(urlEqualTo(ALERTS)));
    }

    @Test
    void aResponseWhoseBodyStallsFailsWithinTheRequestTimeout() throws Exception {
        try (StallingServer stalling = new StallingServer()) {
            GitHubApi impatient = new GitHubApi(stalling.url(), Duration.ofSeconds(1), 1, Duration.ofMillis(5),
                    Duration.ofMinutes(15), waits::add, clock);

            // a read is retried, as after an I/O error, and then fails: it does not wait for the rest of the body
            assertThat(thrownWithin30s(() -> impatient.get(ALERTS, "token")))
                    .isInstanceOf(GitHubException.Transient.class).hasMessageContaining("timed out");
            assertThat(stalling.requests()).isEqualTo(2);

            // a redelivery is not sent again: GitHub may have carried out the first
            assertThat(thrownWithin30s(() -> impatient.post("/orgs/octo-org/hooks/1/deliveries/2/attempts",
                    () -> "token", null))).isInstanceOf(GitHubException.class).hasMessageContaining("timed out");
            assertThat(stalling.requests()).isEqualTo(3);
        }
    }

    @Test
    void aCallInterruptedWhileTheBodyStallsStopsKeepingItsInterrupt() throws Exception {
        try (StallingServer stalling = new StallingServer()) {
            GitHubApi patient = new GitHubApi(stalling.url(), Duration.ofMinutes(5), 1, Duration.ofMillis(5),
                    Duration.ofMinutes(15), waits::add, clock);
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            Thread caller = Thread.ofPlatform().daemon().start(() -> {
                thrown.complete(catchThrowable(() -> patient.get(ALERTS, "token")));
                interrupted.complete(Thread.currentThread().isInterrupted());
            });
            for (int i = 0; i < 300 && stalling.requests() == 0; i++) {
                Thread.sleep(100);
            }
            caller.interrupt();

            assertThat(thrown.get(30, TimeUnit.SECONDS)).isInstanceOf(GitHubException.class)
                    .hasMessageContaining("interrupted");
            assertThat(interrupted.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stalling.requests()).isEqualTo(1);
        }
    }

    @Test
    void anAnswerComesBackWhileTheCommonPoolIsBusy() throws Exception {
        // an answer handed on through the common pool (as sendAsync() does) would wait behind whatever blocks it there
        server.stubFor(get(urlEqualTo(ALERTS)).willReturn(GitHubStub.json(200, GitHubStub.array())));
        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch busy = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(api.get(ALERTS, "token").status()).isEqualTo(200);
        } finally {
            release.countDown();
        }
    }

    /** What {@code call} threw; a call still blocked after 30 s fails the test instead of hanging it. */
    private static Throwable thrownWithin30s(org.assertj.core.api.ThrowableAssert.ThrowingCallable call)
            throws Exception {
        return CompletableFuture.supplyAsync(() -> catchThrowable(call), r -> Thread.ofPlatform().daemon().start(r))
                .get(30, TimeUnit.SECONDS);
    }

    /**
     * Answers every request with headers promising 100 bytes, sends 6 of them and then nothing, holding the
     * connection open for 120 s (or until closed): a response WireMock cannot be made to give.
     */
    private static final class StallingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> connections = new CopyOnWriteArrayList<>();
        private final AtomicInteger requests = new AtomicInteger();

        StallingServer() throws IOException {
            Thread.ofPlatform().daemon().start(this::serve);
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.add(connection);
                    BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        // the request's headers; its body, if any, is left unread
                    }
                    requests.incrementAndGet();
                    OutputStream out = connection.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                            + "[{\"a\":").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    Thread.ofPlatform().daemon().start(() -> closeAfter(connection, Duration.ofSeconds(120)));
                } catch (IOException e) {
                    // closed, or a client gone: the next accept tells
                }
            }
        }

        private static void closeAfter(Socket connection, Duration stall) {
            try (connection) {
                Thread.sleep(stall);
            } catch (IOException | InterruptedException e) {
                // closed anyway
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket c : connections) {
                c.close();
            }
        }
    }

    /** Installation 42's tokens, the first ({@code ghs_first}) expiring this long from now by GitHub's word. */
    private InstallationTokens tokensFirstExpiringIn(Duration left) throws Exception {
        github.installationToken(42, "ghs_first", clock.instant().plus(left).toString());
        return new InstallationTokens(api, new AppJwt("123", PemKeys.rsaPrivateKey(TestKeys.pkcs1Pem()), clock), clock);
    }

    @Test
    void installationTokenIsCachedUntilFiveMinutesBeforeItExpires() throws Exception {
        InstallationTokens tokens = tokensFirstExpiringIn(Duration.ofHours(1));

        assertThat(tokens.token(42, java.util.Map.of())).isEqualTo("ghs_first");
        clock.advance(Duration.ofMinutes(54));
        assertThat(tokens.token(42, java.util.Map.of())).isEqualTo("ghs_first");
        server.verify(1, postRequestedFor(urlEqualTo("/app/installations/42/access_tokens")));

        github.installationToken(42, "ghs_second", clock.instant().plus(Duration.ofHours(1)).toString());
        clock.advance(Duration.ofMinutes(2)); // 4 minutes left: refresh
        assertThat(tokens.token(42, java.util.Map.of())).isEqualTo("ghs_second");
        server.verify(2, postRequestedFor(urlEqualTo("/app/installations/42/access_tokens"))
                .withHeader("Authorization", matching("Bearer [^.]+\\.[^.]+\\.[^.]+")));
        String sentJwt = server.findAll(postRequestedFor(urlEqualTo("/app/installations/42/access_tokens")))
                .get(1).getHeader("Authorization").substring("Bearer ".length());
        assertThat(TestKeys.verifiedClaims(sentJwt, TestKeys.PAIR.getPublic()).path("iss").asText()).isEqualTo("123");
    }

    @Test
    void anInstallationTokenIsTrustedForAnHourFromItsMintingByThisMachinesClock() throws Exception {
        // this machine's clock runs 20 minutes behind GitHub's: GitHub's expires_at reads as 80 minutes away
        InstallationTokens tokens = tokensFirstExpiringIn(Duration.ofMinutes(80));

        assertThat(tokens.token(42, java.util.Map.of())).isEqualTo("ghs_first");
        github.installationToken(42, "ghs_second", clock.instant().plus(Duration.ofMinutes(136)).toString());
        // 56 minutes after minting (by either clock) the token has 4 left: refreshed; read by expires_at alone, it
        // would have been kept until 75 minutes, 15 after GitHub stopped taking it
        clock.advance(Duration.ofMinutes(56));
        assertThat(tokens.token(42, java.util.Map.of())).isEqualTo("ghs_second");
    }

    @Test
    void aRequestRepeatedAfterALongRateLimitWaitCarriesAFreshToken() {
        // the wait moves the clock on: the token the request started with has run out when it is sent again
        GitHubApi waiting = github.api(3, Duration.ofMinutes(15), d -> {
            waits.add(d);
            clock.advance(d);
        }, clock);
        mintsInTurn("ghs_first", Duration.ofMinutes(15), "ghs_second", Duration.ofMinutes(75));
        long reset = clock.instant().plus(Duration.ofMinutes(14)).getEpochSecond();
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", Long.toString(reset))
                        .withBody("{\"message\":\"API rate limit exceeded for installation ID 42.\"}"))
                .willSetStateTo("reset"));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs("reset")
                .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}")));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("limit").whenScenarioStateIs("reset")
                .withHeader("Authorization", equalTo("Bearer ghs_second"))
                .willReturn(GitHubStub.json(200, GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json"))));
        InstallationTokens installationTokens = new InstallationTokens(waiting,
                new AppJwt("123", PemKeys.rsaPrivateKey(TestKeys.pkcs1Pem()), clock), clock);

        List<JsonNode> alerts = new ArrayList<>();
        waiting.pages(ALERTS, () -> installationTokens.token(42, java.util.Map.of()), page -> {
            page.json().forEach(alerts::add);
            return true;
        });

        assertThat(alerts).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofMinutes(14).plusSeconds(1));
        List<String> sent = server.findAll(getRequestedFor(urlEqualTo(ALERTS))).stream()
                .map(r -> r.getHeader("Authorization")).toList();
        assertThat(sent).containsExactly("Bearer ghs_first", "Bearer ghs_second");
    }

    @Test
    void aRequestRetriedAfterAServerErrorAsksForTheTokenAgain() {
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        server.stubFor(get(urlEqualTo(ALERTS)).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(GitHubStub.json(200, GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json"))));
        int[] asked = {0};

        api.pages(ALERTS, () -> "token-" + ++asked[0], page -> true);
        assertThat(server.findAll(getRequestedFor(urlEqualTo(ALERTS))).stream().map(r -> r.getHeader("Authorization")))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    /** Installation 42's token minting answers {@code first}, then {@code then}, expiring so long from now. */
    private void mintsInTurn(String first, Duration firstLasts, String then, Duration thenLasts) {
        String tokens = "/app/installations/42/access_tokens";
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(tokens)).inScenario("tokens")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(GitHubStub.json(201, token(first,
                        clock.instant().plus(firstLasts)))).willSetStateTo("minted"));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(tokens)).inScenario("tokens")
                .whenScenarioStateIs("minted").willReturn(GitHubStub.json(201, token(then,
                        clock.instant().plus(thenLasts)))));
    }

    private static ObjectNode token(String token, Instant expiresAt) {
        ObjectNode body = GitHubStub.rest("apps/create-installation-access-token.201.json").deepCopy();
        return body.put("token", token).put("expires_at", expiresAt.toString());
    }

    /** Installation 42, granted (as in GitHub's example) far more than alertlake uses, alert reading among it. */
    private static final GitHubApp.Installation OCTO_ORG = new GitHubApp.Installation(42, "octo-org", java.util.Map.of(
            "administration", "write", "contents", "write", "metadata", "read", "vulnerability_alerts", "read",
            "security_events", "write", "organization_hooks", "write"));

    @Test
    void aTokenIsMintedWithThePermissionsItsUseNeedsThatTheInstallationWasGranted() {
        github.installationToken(42, "ghs_any", clock.instant().plus(Duration.ofHours(1)).toString());
        GitHubApp app = new GitHubApp(api, new AppJwt("123", PemKeys.rsaPrivateKey(TestKeys.pkcs1Pem()), clock), clock,
                java.util.Set.of());
        String tokens = "/app/installations/42/access_tokens";

        app.tokenFor(OCTO_ORG, GitHubApp.Use.READ_ALERTS).get();
        app.tokenFor(OCTO_ORG, GitHubApp.Use.REDELIVER_ORG_HOOK).get();
        app.tokenFor(OCTO_ORG, GitHubApp.Use.READ_ALERTS).get(); // the first token, kept
        GitHubApp.Installation readOnly = new GitHubApp.Installation(42, "octo-org",
                java.util.Map.of("organization_hooks", "read", "secret_scanning_alerts", "read"));
        app.tokenFor(readOnly, GitHubApp.Use.REDELIVER_ORG_HOOK).get();
        // an installation listed without its permissions: a token of all the App's, GitHub's default
        app.tokenFor(new GitHubApp.Installation(42, "octo-org", java.util.Map.of()), GitHubApp.Use.REDELIVER_ORG_HOOK)
                .get();
        // granted nothing the use needs: no token, and the reason
        assertThatThrownBy(() -> app.tokenFor(new GitHubApp.Installation(42, "octo-org",
                java.util.Map.of("contents", "write")), GitHubApp.Use.REDELIVER_ORG_HOOK).get())
                .hasMessage("the App's installation on octo-org was granted none of [organization_hooks], which "
                        + "sweeping an org webhook needs");

        // secret scanning is not asked for where it was not granted (GitHub would refuse the token); nothing of
        // contents or administration is asked for; write only where it is needed and granted
        assertThat(server.findAll(postRequestedFor(urlEqualTo(tokens))).stream()
                .map(r -> json(r.getBodyAsString()))).containsExactly(
                json("""
                        {"permissions": {"metadata": "read", "security_events": "read", "vulnerability_alerts": "read"}}"""),
                json("{\"permissions\": {\"organization_hooks\": \"write\"}}"),
                json("{\"permissions\": {\"organization_hooks\": \"read\"}}"),
                json("{}"));
    }

    private static JsonNode json(String text) {
        try {
            return io.alertlake.testing.Fixtures.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void installationsCarryWhatTheyWereGranted() {
        github.pages("/app/installations?per_page=100", List.of(GitHubStub.array(GitHubStub.installation(1, "octo-org"))));
        AppJwt jwt = new AppJwt("123", PemKeys.rsaPrivateKey(TestKeys.pkcs8Pem()), clock);

        assertThat(new GitHubApp(api, jwt, clock, java.util.Set.of()).installations(null).get(0).permissions())
                .containsEntry("metadata", "read").containsEntry("vulnerability_alerts", "read")
                .containsEntry("administration", "write");
    }

    @Test
    void installationsAreLimitedToTheConfiguredOrgs() {
        ArrayNode installations = GitHubStub.array(
                GitHubStub.installation(1, "octo-org"), GitHubStub.installation(2, "Other-Org"), GitHubStub.installation(3, "third"));
        github.pages("/app/installations?per_page=100", List.of(installations));
        AppJwt jwt = new AppJwt("123", PemKeys.rsaPrivateKey(TestKeys.pkcs8Pem()), clock);

        assertThat(new GitHubApp(api, jwt, clock, java.util.Set.of("octo-org", "other-org")).installations(null))
                .extracting(GitHubApp.Installation::account).containsExactly("octo-org", "Other-Org");
        assertThat(new GitHubApp(api, jwt, clock, java.util.Set.of()).installations("third"))
                .extracting(GitHubApp.Installation::id).containsExactly(3L);
    }

    @Test
    void aTokenGitHubRefusesIsForgottenAndTheRequestSentOnceMoreWithANewOne() {
        // the installation's first token is revoked (401 "Bad credentials") long before its hour ends
        String tokens = "/app/installations/42/access_tokens";
        mintsInTurn("ghs_revoked", Duration.ofHours(1), "ghs_new", Duration.ofHours(1));
        server.stubFor(get(urlEqualTo(ALERTS)).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"Bad credentials\"}")));
        server.stubFor(get(urlEqualTo(ALERTS)).withHeader("Authorization", equalTo("Bearer ghs_new"))
                .willReturn(GitHubStub.json(200, GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json"))));
        GitHubApp app = new GitHubApp(api, new AppJwt("123", PemKeys.rsaPrivateKey(TestKeys.pkcs1Pem()), clock), clock,
                java.util.Set.of());
        GitHubApi.RenewableToken token = app.tokenFor(OCTO_ORG, GitHubApp.Use.READ_ALERTS);

        assertThat(api.get(ALERTS, token).json()).hasSize(2);
        assertThat(server.findAll(getRequestedFor(urlEqualTo(ALERTS))).stream().map(r -> r.getHeader("Authorization")))
                .containsExactly("Bearer ghs_revoked", "Bearer ghs_new");
        // the new token is kept for the installation's later requests
        assertThat(api.get(ALERTS, token).status()).isEqualTo(200);
        server.verify(2, postRequestedFor(urlEqualTo(tokens)));
    }

    @Test
    void aRequestRefusedAgainWithItsNewTokenFailsWithGitHubs401() {
        github.installationToken(42, "ghs_any", clock.instant().plus(Duration.ofHours(1)).toString());
        server.stubFor(get(urlEqualTo(ALERTS)).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"Bad credentials\"}")));
        GitHubApp app = new GitHubApp(api, new AppJwt("123", PemKeys.rsaPrivateKey(TestKeys.pkcs1Pem()), clock), clock,
                java.util.Set.of());

        assertThatThrownBy(() -> api.get(ALERTS, app.tokenFor(OCTO_ORG, GitHubApp.Use.READ_ALERTS)))
                .isInstanceOf(GitHubException.class).hasMessageContaining("401").hasMessageContaining("Bad credentials");
        // once more with a new token, not again and again; a plain token is never renewed
        server.verify(2, getRequestedFor(urlEqualTo(ALERTS)));
        server.verify(2, postRequestedFor(urlEqualTo("/app/installations/42/access_tokens")));
        assertThatThrownBy(() -> api.get(ALERTS, "plain")).isInstanceOf(GitHubException.class);
        server.verify(3, getRequestedFor(urlEqualTo(ALERTS)));
    }
}
