package io.alertlake.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.alertlake.delivery.Delivery;
import io.alertlake.github.AppJwt;
import io.alertlake.github.GitHubApp;
import io.alertlake.github.GitHubStub;
import io.alertlake.github.PemKeys;
import io.alertlake.github.TestKeys;
import io.alertlake.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backfill's reading of installations against a WireMock stub of GitHub's REST API (GitHub cannot be called
 * from here) serving its documented example responses: installations that cannot be read, tokens that run out
 * during a long listing, rate limits. A Quarkus test because the client's retries are SmallRye Fault Tolerance
 * guards, which the application's CDI container provides.
 */
@QuarkusTest
class BackfillerStubServerTest {

    private static final String SECRETS = "secret-scanning/alerts?per_page=100&hide_secret=true";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<Delivery> queued = new CopyOnWriteArrayList<>();
    private GitHubStub github;
    private WireMockServer server;
    private GitHubApp app;

    @BeforeEach
    void start() {
        github = GitHubStub.start();
        server = github.server();
        app = new GitHubApp(github.api(3, Duration.ofMinutes(15), d -> { }, clock),
                new AppJwt("123", PemKeys.rsaPrivateKey(TestKeys.pkcs8Pem()), clock), clock, Set.of());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aSuspendedInstallationIsSkippedAndOneThatFailsDoesNotStopTheOthers() {
        ObjectNode suspended = GitHubStub.installation(1, "suspended-org");
        suspended.put("suspended_at", "2026-11-01T00:00:00Z");
        github.pages("/app/installations?per_page=100", List.of(GitHubStub.array(suspended,
                GitHubStub.installation(2, "broken-org"), GitHubStub.installation(3, "octo-org"))));
        server.stubFor(post(urlEqualTo("/app/installations/2/access_tokens")).willReturn(GitHubStub.json(403,
                GitHubStub.array().objectNode().put("message", "Resource not accessible by integration"))));
        oneRepositoryWithOneDependabotAlert(3, "ghs_octo", "octo-org", "web");

        BackfillRun run = run();

        var s = run.snapshot();
        assertThat(s.installations()).isEqualTo(2);
        assertThat(s.errors()).singleElement().satisfies(p -> {
            assertThat(p.repository()).isEqualTo("broken-org");
            assertThat(p.status()).isEqualTo(403);
        });
        assertThat(s.repositories()).isEqualTo(1);
        assertThat(s.alertsSeen()).isEqualTo(1);
        assertThat(queued).isNotEmpty().allSatisfy(d -> assertThat(d.bodyText()).contains("octo-org/web"));
        assertThat(s.status()).isEqualTo(BackfillRun.Status.FAILED); // the next run reads broken-org again
        server.verify(0, postRequestedFor(urlEqualTo("/app/installations/1/access_tokens")));
        // and octo-org's listings, read to their end, have a watermark of their own: the next run reads them from it
        Watermarks next = Watermarks.NONE.after(run.startedAt(), run.listed());
        assertThat(next.sinceByListing()).isNotEmpty().allSatisfy((key, since) ->
                assertThat(since).isEqualTo(run.startedAt().minus(Watermarks.OVERLAP)));
    }

    @Test
    void aRunWhoseLeaseAnotherTaskTookStopsBeforeItsNextListing() {
        github.pages("/app/installations?per_page=100", List.of(GitHubStub.array(GitHubStub.installation(3, "octo-org"))));
        oneRepositoryWithOneDependabotAlert(3, "ghs_octo", "octo-org", "web");
        BackfillRun run = new BackfillRun("r", BackfillRun.Kind.BACKFILL, null, null, clock.instant());
        run.stops().takeOver(); // what SharedRuns tells it when a heartbeat finds the lease another task's

        new Backfiller(app, List.of(), d -> CompletableFuture.completedFuture(null), clock).run(run, null, key -> null);

        var s = run.snapshot();
        assertThat(s.status()).isEqualTo(BackfillRun.Status.FAILED);
        assertThat(s.errors()).singleElement().satisfies(p -> assertThat(p.reason()).contains("another task took over"));
        server.verify(0, getRequestedFor(urlMatching("/repos/.*")));
    }

    @Test
    void aCancelledRunStopsBeforeItsNextListingAndKeepsWhatItRead() {
        github.pages("/app/installations?per_page=100", List.of(GitHubStub.array(GitHubStub.installation(3, "octo-org"))));
        oneRepositoryWithOneDependabotAlert(3, "ghs_octo", "octo-org", "web");
        BackfillRun run = new BackfillRun("r", BackfillRun.Kind.BACKFILL, null, null, clock.instant());

        // cancelled (what SharedRuns tells it) while the Dependabot listing, the second of three, is read
        new Backfiller(app, List.of(), d -> {
            run.stops().cancel();
            return CompletableFuture.completedFuture(null);
        }, clock).run(run, null, key -> null);

        var s = run.snapshot();
        assertThat(s.status()).isEqualTo(BackfillRun.Status.CANCELLED);
        assertThat(s.errors()).isEmpty();
        assertThat(s.alertsSeen()).isEqualTo(1);
        // the listing read to its end counts (its watermark moves); the one after it was never asked for
        assertThat(run.listed()).anySatisfy(key -> assertThat(key).contains("dependabot"))
                .noneSatisfy(key -> assertThat(key).contains("secret"));
        server.verify(0, getRequestedFor(urlMatching(".*/secret-scanning/.*")));
    }

    @Test
    void aListingThatOutlivesItsTokenGoesOnWithAFreshOne() {
        github.pages("/app/installations?per_page=100", List.of(GitHubStub.array(GitHubStub.installation(7, "octo-org"))));
        // the first token has six minutes left; the backfill refreshes five minutes before expiry
        String token = "/app/installations/7/access_tokens";
        server.stubFor(post(urlEqualTo(token)).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(tokenResponse("ghs_first", clock.instant().plus(Duration.ofMinutes(6))))
                .willSetStateTo("second"));
        server.stubFor(post(urlEqualTo(token)).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(tokenResponse("ghs_second", clock.instant().plus(Duration.ofMinutes(66)))));
        github.pages("/installation/repositories?per_page=100", List.of(
                repositories(GitHubStub.repository(100, "octo-org", "web")),
                repositories(GitHubStub.repository(101, "octo-org", "api"))));
        for (String repo : List.of("web", "api")) {
            listings("octo-org", repo);
        }
        // the first repository's Dependabot alerts come in two pages
        JsonNode alert = GitHubStub.rest("dependabot/list-alerts-for-repo.200.json").get(0);
        github.pages("/repos/octo-org/web/dependabot/alerts?per_page=100",
                List.of(GitHubStub.array(alert), GitHubStub.array(alert)));
        Function<Delivery, CompletionStage<Void>> slowQueue = d -> {
            clock.advance(Duration.ofMinutes(2)); // the first page's alerts take a while
            return CompletableFuture.completedFuture(null);
        };

        BackfillRun run = new BackfillRun("r", BackfillRun.Kind.BACKFILL, null, null, clock.instant());
        new Backfiller(app, List.of(), slowQueue, clock).run(run, null, key -> null);

        assertThat(run.snapshot().errors()).isEmpty();
        assertThat(run.snapshot().repositories()).isEqualTo(2);
        server.verify(getRequestedFor(urlEqualTo("/repos/octo-org/web/dependabot/alerts?per_page=100"))
                .withHeader("Authorization", equalTo("Bearer ghs_first")));
        server.verify(getRequestedFor(urlEqualTo("/repos/octo-org/web/dependabot/alerts?per_page=100&page=2"))
                .withHeader("Authorization", equalTo("Bearer ghs_second")));
    }

    @Test
    void aRateLimitEndsTheInstallationsReadingInsteadOfAskingAgainForEveryListing() {
        github.pages("/app/installations?per_page=100", List.of(GitHubStub.array(
                GitHubStub.installation(7, "limited-org"), GitHubStub.installation(8, "octo-org"))));
        github.installationToken(7, "ghs_limited", clock.instant().plus(Duration.ofHours(1)).toString());
        github.pages("/installation/repositories?per_page=100", List.of(repositories(
                GitHubStub.repository(1, "limited-org", "a"), GitHubStub.repository(2, "limited-org", "b"),
                GitHubStub.repository(3, "limited-org", "c"))));
        // the limit resets in an hour, beyond alertlake.github.max-rate-limit-wait (15 minutes here)
        server.stubFor(get(urlMatching("/repos/limited-org/.*")).willReturn(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(clock.instant().plusSeconds(3600).getEpochSecond()))));
        oneRepositoryWithOneDependabotAlert(8, "ghs_octo", "octo-org", "web");

        BackfillRun run = run();

        server.verify(1, getRequestedFor(urlMatching("/repos/limited-org/.*")));
        var s = run.snapshot();
        assertThat(s.errors()).singleElement().satisfies(p -> {
            assertThat(p.repository()).isEqualTo("limited-org");
            assertThat(p.reason()).contains("rate limit");
        });
        assertThat(s.alertsSeen()).isEqualTo(1); // octo-org, after it, is read
    }

    @Test
    void theRepositoriesReadLeastRecentlyComeFirstSoARateLimitDoesNotStopEveryRunAtTheSamePlace() {
        github.pages("/app/installations?per_page=100", List.of(GitHubStub.array(GitHubStub.installation(7, "big-org"))));
        github.installationToken(7, "ghs_big", clock.instant().plus(Duration.ofHours(1)).toString());
        JsonNode a = GitHubStub.repository(1, "big-org", "a");
        JsonNode b = GitHubStub.repository(2, "big-org", "b");
        JsonNode c = GitHubStub.repository(3, "big-org", "c");
        github.pages("/installation/repositories?per_page=100", List.of(repositories(a, b, c)));
        // every listing answers that the limit is spent until an hour from now: one request is all a run makes
        server.stubFor(get(urlMatching("/repos/big-org/.*")).willReturn(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(clock.instant().plusSeconds(3600).getEpochSecond()))));
        // the last run read a and b and was stopped before c; a was read the run before as well
        List<String> optIn = List.of();
        Set<String> ofAB = new java.util.HashSet<>();
        for (JsonNode r : List.of(a, b)) {
            Backfiller.Listing.all(optIn).forEach(l -> ofAB.add(Backfiller.listingKey(r, l)));
        }
        Watermarks watermarks = Watermarks.NONE.after(clock.instant().minus(Duration.ofDays(1)), ofAB);

        BackfillRun run = new BackfillRun("r", BackfillRun.Kind.RECONCILIATION, null, clock.instant(), clock.instant());
        new Backfiller(app, optIn, d -> CompletableFuture.completedFuture(null), clock).run(run, null, watermarks::since);

        server.verify(1, getRequestedFor(urlMatching("/repos/big-org/.*")));
        server.verify(1, getRequestedFor(urlMatching("/repos/big-org/c/.*")));
    }

    @Test
    void anIncrementalRunReadsWholeTheListingsTheLastRunDidNotRead() {
        github.pages("/app/installations?per_page=100", List.of(GitHubStub.array(GitHubStub.installation(7, "octo-org"))));
        github.installationToken(7, "ghs_octo", clock.instant().plus(Duration.ofHours(1)).toString());
        JsonNode known = GitHubStub.repository(100, "octo-org", "web");
        JsonNode added = GitHubStub.repository(101, "octo-org", "api"); // joined the installation since the last run
        github.pages("/installation/repositories?per_page=100", List.of(repositories(known, added)));
        String incremental = "&sort=updated&direction=desc";
        for (String repo : List.of("web", "api")) {
            String base = "/repos/octo-org/" + repo + "/";
            for (String listing : List.of("dependabot/alerts?per_page=100", "code-scanning/alerts?per_page=100",
                    SECRETS, SECRETS + "&secret_type=password")) {
                github.pages(base + listing, List.of(GitHubStub.array()));
                github.pages(base + listing + incremental, List.of(GitHubStub.array()));
            }
        }
        List<String> optIn = List.of("password");
        Set<String> listedBefore = Backfiller.Listing.all(optIn).stream()
                .map(l -> Backfiller.listingKey(known, l)).collect(java.util.stream.Collectors.toSet());
        Watermarks watermarks = Watermarks.NONE.after(clock.instant().minus(Duration.ofDays(1)), listedBefore);

        BackfillRun run = new BackfillRun("r", BackfillRun.Kind.RECONCILIATION, null, clock.instant(), clock.instant());
        new Backfiller(app, optIn, d -> CompletableFuture.completedFuture(null), clock)
                .run(run, null, watermarks::since);

        server.verify(4, getRequestedFor(urlMatching("/repos/octo-org/web/.*" + incremental.replace("&", "\\&"))));
        server.verify(0, getRequestedFor(urlMatching("/repos/octo-org/api/.*sort=updated.*")));
        server.verify(4, getRequestedFor(urlMatching("/repos/octo-org/api/.*")));
        assertThat(run.listed()).hasSize(8); // both repositories' listings, for the next run
    }

    @Test
    void secretTypesGitHubListsOnlyWhenAskedForByNameAreReadInAListingOfTheirOwn() {
        github.pages("/app/installations?per_page=100", List.of(GitHubStub.array(GitHubStub.installation(7, "octo-org"))));
        github.installationToken(7, "ghs_octo", clock.instant().plus(Duration.ofHours(1)).toString());
        github.pages("/installation/repositories?per_page=100",
                List.of(repositories(GitHubStub.repository(100, "octo-org", "web"))));
        String base = "/repos/octo-org/web/";
        github.error(base + "dependabot/alerts?per_page=100", 403, "Dependabot alerts are disabled for this repository.");
        github.error(base + "code-scanning/alerts?per_page=100", 404, "no analysis found");
        JsonNode providerAlert = GitHubStub.rest("secret-scanning/list-alerts-for-repo.200.json").get(0);
        ObjectNode password = providerAlert.deepCopy();
        password.put("number", 77).put("secret_type", "password").put("secret_type_display_name", "Password");
        github.pages(base + SECRETS, List.of(GitHubStub.array(providerAlert)));
        // GitHub's documented form: comma-separated, sorted here so that one list is always one listing
        github.pages(base + SECRETS + "&secret_type=password,rsa_private_key", List.of(GitHubStub.array(password)));

        BackfillRun run = run(List.of("rsa_private_key", " password", "password"));

        assertThat(run.snapshot().errors()).isEmpty();
        assertThat(run.snapshot().alertsSeen()).isEqualTo(2);
        assertThat(queued).anySatisfy(d -> assertThat(d.bodyText()).contains("\"secret_type\":\"password\"")
                .contains("\"number\":77"));
        assertThat(queued).allSatisfy(d -> assertThat(d.event()).isEqualTo("secret_scanning_alert"));
    }

    @Test
    void anotherListOfOptInSecretTypesIsReadWholeByTheNextReconciliation() {
        JsonNode repository = GitHubStub.repository(100, "octo-org", "web");
        Set<String> listedBefore = Backfiller.Listing.all(List.of("password")).stream()
                .map(l -> Backfiller.listingKey(repository, l)).collect(java.util.stream.Collectors.toSet());
        Set<String> now = Backfiller.Listing.all(List.of("password", "rsa_private_key")).stream()
                .map(l -> Backfiller.listingKey(repository, l)).collect(java.util.stream.Collectors.toSet());

        assertThat(now).hasSize(4).containsAll(Backfiller.Listing.all(List.of()).stream()
                .map(l -> Backfiller.listingKey(repository, l)).toList());
        assertThat(listedBefore).hasSize(4).isNotEqualTo(now); // the opt-in listing's key names its types
        assertThat(Backfiller.Listing.all(List.of("rsa_private_key", "password")))
                .isEqualTo(Backfiller.Listing.all(List.of("password", "rsa_private_key")));
        // alertlake.github.opt-in-secret-types=none asks for no listing of its own
        assertThat(Backfiller.Listing.all(List.of("none"))).isEqualTo(Backfiller.Listing.all(List.of()));
    }

    private BackfillRun run() {
        return run(List.of());
    }

    private BackfillRun run(List<String> optInSecretTypes) {
        BackfillRun run = new BackfillRun("r", BackfillRun.Kind.BACKFILL, null, null, clock.instant());
        new Backfiller(app, optInSecretTypes, d -> {
            queued.add(d);
            return CompletableFuture.completedFuture(null);
        }, clock).run(run, null, key -> null);
        return run;
    }

    /**
     * An installation's token and its one repository with GitHub's example Dependabot alert; code and secret
     * scanning are not enabled there. Repository listings of several installations share one path in GitHub's API
     * (the token tells them apart), so each test gives only one installation repositories this way.
     */
    private void oneRepositoryWithOneDependabotAlert(long installation, String token, String owner, String repo) {
        github.installationToken(installation, token, clock.instant().plus(Duration.ofHours(1)).toString());
        server.stubFor(get(urlEqualTo("/installation/repositories?per_page=100"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(GitHubStub.json(200, repositories(GitHubStub.repository(100, owner, repo)))));
        listings(owner, repo);
    }

    private void listings(String owner, String repo) {
        String base = "/repos/" + owner + "/" + repo + "/";
        github.pages(base + "dependabot/alerts?per_page=100",
                List.of(GitHubStub.array(GitHubStub.rest("dependabot/list-alerts-for-repo.200.json").get(0))));
        github.error(base + "code-scanning/alerts?per_page=100", 404, "no analysis found");
        github.error(base + "secret-scanning/alerts?per_page=100&hide_secret=true", 404, "Secret scanning is disabled");
    }

    private static JsonNode repositories(JsonNode... repositories) {
        ObjectNode page = GitHubStub.array().objectNode();
        page.put("total_count", repositories.length).set("repositories", GitHubStub.array(repositories));
        return page;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokenResponse(String token,
                                                                                                   Instant expires) {
        ObjectNode body = GitHubStub.rest("apps/create-installation-access-token.201.json").deepCopy();
        body.put("token", token).put("expires_at", expires.toString());
        return GitHubStub.json(201, body);
    }
}
