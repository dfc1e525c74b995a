package io.alertlake.ingest;

import io.alertlake.testing.TestDataDirs;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The optional source allowlist, with X-Forwarded-For believed only from a trusted proxy. */
@QuarkusTest
@TestProfile(SourceAllowlistTest.Allowlisted.class)
class SourceAllowlistTest {

    public static class Allowlisted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // GitHub's documented hook ranges look like these; the test client itself is 127.0.0.1, a "proxy"
            return Map.of("alertlake.webhook.allowed-cidrs", "192.30.252.0/22,2a0a:a440::/29",
                    "alertlake.webhook.trusted-proxies", "127.0.0.1/32",
                    "alertlake.local.data-dir", TestDataDirs.fresh("allowlist-test-data"));
        }
    }

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private static final byte[] PING = "{\"zen\":\"Design for failure.\"}".getBytes(StandardCharsets.UTF_8);

    /** A signed ping, with one X-Forwarded-For line per value given. */
    private static int post(String... forwardedFor) {
        var request = given().header("X-GitHub-Event", "ping").header("X-GitHub-Delivery", "p-1")
                .header("X-Hub-Signature-256", SignatureVerifier.sign(Webhooks.SECRET, PING)).body(PING);
        for (String line : forwardedFor) {
            if (line != null) {
                request.header("X-Forwarded-For", line);
            }
        }
        return request.post("/webhooks/github").statusCode();
    }

    @Test
    void deliveryFromAnAllowedNetworkThroughTheTrustedProxyIsAccepted() {
        assertThat(post("192.30.252.44")).isEqualTo(200);
        assertThat(post("2a0a:a440::1")).isEqualTo(200);
    }

    @Test
    void deliveryFromOutsideTheAllowedNetworksIsForbidden() {
        double counted = registry.counter("alertlake.webhook.rejected", "reason", "source_not_allowed").count();
        assertThat(post("203.0.113.7")).isEqualTo(403);
        assertThat(post((String) null)).isEqualTo(403); // the proxy itself is not GitHub
        assertThat(registry.counter("alertlake.webhook.rejected", "reason", "source_not_allowed").count())
                .isEqualTo(counted + 2);
    }

    @Test
    void spoofedLeftmostForwardedAddressIsIgnored() {
        // a client can prepend anything; only the hop the trusted proxy appended counts
        assertThat(post("192.30.252.44, 203.0.113.7")).isEqualTo(403);
        assertThat(post("not-an-ip")).isEqualTo(403);
    }

    @Test
    void aSpoofedAddressInAnEarlierForwardedLineIsIgnoredToo() {
        // the client's own X-Forwarded-For line kept, the proxy's appended as a second line: the last hop counts
        assertThat(post("192.30.252.44", "203.0.113.7")).isEqualTo(403);
        assertThat(post("203.0.113.7", "192.30.252.44")).isEqualTo(200);
    }

    @Test
    void healthAndOtherPathsAreNotAffected() {
        given().get("/q/health/live").then().statusCode(200);
    }
}
