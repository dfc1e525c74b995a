package io.alertlake.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.alertlake.testing.Fixtures;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * GitHub's REST API as a WireMock stub, serving the documented example responses of
 * {@code fixtures/github/rest/} (split into pages, or extended, where a test needs more than one example).
 */
public final class GitHubStub {

    private final WireMockServer server;

    public GitHubStub(WireMockServer server) {
        this.server = server;
    }

    /** A stub on a free loopback port, started; {@link #server()} stops it. */
    public static GitHubStub start() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return new GitHubStub(server);
    }

    public WireMockServer server() {
        return server;
    }

    /** A client of this stub: 5 s timeouts, 5 ms between retries. */
    public GitHubApi api(int maxRetries, Duration maxRateLimitWait, GitHubApi.Sleeper sleeper, Clock clock) {
        return new GitHubApi(url(), Duration.ofSeconds(5), maxRetries, Duration.ofMillis(5), maxRateLimitWait, sleeper,
                clock);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public static JsonNode rest(String relative) {
        return Fixtures.json(Fixtures.GITHUB.resolve("rest").resolve(relative));
    }

    /** {@code pathAndQuery} answers the first page; page N is {@code pathAndQuery&page=N}, linked by {@code Link}. */
    public void pages(String pathAndQuery, List<? extends JsonNode> pages) {
        for (int i = 0; i < pages.size(); i++) {
            String self = i == 0 ? pathAndQuery : pathAndQuery + "&page=" + (i + 1);
            ResponseDefinitionBuilder response = json(200, pages.get(i));
            if (i + 1 < pages.size()) {
                response.withHeader("Link", "<" + url() + pathAndQuery + "&page=" + (i + 2) + ">; rel=\"next\", <"
                        + url() + pathAndQuery + "&page=" + pages.size() + ">; rel=\"last\"");
            }
            server.stubFor(get(urlEqualTo(self)).willReturn(response));
        }
    }

    public void error(String pathAndQuery, int status, String message) {
        server.stubFor(get(urlEqualTo(pathAndQuery)).willReturn(json(status, Fixtures.JSON.createObjectNode()
                .put("message", message).put("documentation_url", "https://docs.github.com/rest"))));
    }

    /** {@code POST /app/installations/{id}/access_tokens} answering the documented example with another expiry. */
    public void installationToken(long installationId, String token, String expiresAt) {
        ObjectNode body = rest("apps/create-installation-access-token.201.json").deepCopy();
        body.put("token", token).put("expires_at", expiresAt);
        server.stubFor(post(urlEqualTo("/app/installations/" + installationId + "/access_tokens"))
                .willReturn(json(201, body)));
    }

    /** A repository as {@code /installation/repositories} lists it, made from the documented example. */
    public static ObjectNode repository(long id, String owner, String name) {
        ObjectNode r = rest("apps/create-installation-access-token.201.json").path("repositories").get(0).deepCopy();
        r.put("id", id).put("name", name).put("full_name", owner + "/" + name).put("default_branch", "main");
        ((ObjectNode) r.path("owner")).put("login", owner);
        return r;
    }

    /** An installation as {@code GET /app/installations} lists it: the object of the documented installation webhook. */
    public static ObjectNode installation(long id, String account) {
        ObjectNode i = Fixtures.json(Fixtures.WEBHOOKS.resolve("installation/created.json")).path("installation").deepCopy();
        i.put("id", id);
        ((ObjectNode) i.path("account")).put("login", account);
        return i;
    }

    public static ArrayNode array(JsonNode... items) {
        ArrayNode a = Fixtures.JSON.createArrayNode();
        for (JsonNode i : items) {
            a.add(i);
        }
        return a;
    }

    public static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body.toString());
    }
}
