package io.alertlake.consume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.alertlake.testing.GraphQl;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Local mode answers from its copy of the lake: what the consumer writes after the engine has started reaches
 * the answers of the GraphQL API without a restart, and a later event of the same alert replaces its state.
 */
@QuarkusTest
@TestProfile(ConsumerProfile.class)
class QueriesFollowTheConsumerTest {

    @Inject
    DeliveryConsumer consumer;

    @Test
    void anAlertFixedAfterTheFirstQueryIsAnsweredFixed() throws Exception {
        consumer.start();
        String repo = "follow-" + UUID.randomUUID().toString().substring(0, 8);
        String id = "follow-owner/" + repo + "/dependabot/1";
        await().atMost(Duration.ofSeconds(30)).until(() -> state(id) == null); // the engine is up, the alert unknown

        Webhooks.post("dependabot_alert", UUID.randomUUID().toString(), body("dependabot_alert/fixed.json", repo, false))
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "OPEN".equals(state(id)));

        Webhooks.post("dependabot_alert", UUID.randomUUID().toString(), body("dependabot_alert/fixed.json", repo, true))
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "FIXED".equals(state(id)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void oddOrgAndRepoNamesGoThroughTheLakeAndTheFiltersAsGitHubWritesThem() throws Exception {
        consumer.start();
        // upper case, dots, dashes, underscores, and a repository named like a number (a Hive partition value
        // that an engine must not turn into an integer)
        String org = "My.Org_" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        for (String repo : new String[]{"v1.0_api-x", "2024"}) {
            Webhooks.post("dependabot_alert", UUID.randomUUID().toString(),
                    body("dependabot_alert/fixed.json", org, repo, false)).then().statusCode(202);
            String id = org + "/" + repo + "/dependabot/1";
            await().atMost(Duration.ofSeconds(30)).until(() -> "OPEN".equals(state(id)));

            Map<String, Object> alerts = GraphQl.query("{ alerts(filter: {orgs: [\"" + org + "\"], repos: [\"" + org + "/"
                    + repo + "\"]}) { totalCount nodes { id org repo } } }").getMap("data.alerts");
            assertThat(alerts.get("totalCount")).isEqualTo(1);
            assertThat((List<Object>) alerts.get("nodes")).containsExactly(Map.of("id", id, "org", org, "repo", repo));
        }
    }

    @Test
    void anAlertFirstSeenThroughAnEventWithoutItsCreationTimeSaysItsCreationIsInferred() throws Exception {
        consumer.start();
        String repo = "follow-" + UUID.randomUUID().toString().substring(0, 8);
        String id = "follow-owner/" + repo + "/dependabot/1";
        ObjectNode payload = (ObjectNode) Fixtures.JSON.readTree(body("dependabot_alert/fixed.json", repo, true));
        String fixedAt = payload.get("alert").get("fixed_at").asText();
        ((ObjectNode) payload.get("alert")).remove("created_at");
        Webhooks.post("dependabot_alert", UUID.randomUUID().toString(), Fixtures.JSON.writeValueAsBytes(payload))
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "FIXED".equals(state(id)));
        Map<String, Object> alert = GraphQl.query("{ alert(id: \"" + id + "\") { createdAt createdAtInferred closedAt } }")
                .getMap("data.alert");
        // its earliest event's time stands in for the creation, and the alert says so (docs/metrics.md)
        assertThat(alert).containsEntry("createdAtInferred", true).containsEntry("createdAt", fixedAt)
                .containsEntry("closedAt", fixedAt);

        String other = "follow-" + UUID.randomUUID().toString().substring(0, 8);
        Webhooks.post("dependabot_alert", UUID.randomUUID().toString(), body("dependabot_alert/fixed.json", other, true))
                .then().statusCode(202);
        String otherId = "follow-owner/" + other + "/dependabot/1";
        await().atMost(Duration.ofSeconds(30)).until(() -> "FIXED".equals(state(otherId)));
        assertThat(GraphQl.query("{ alert(id: \"" + otherId + "\") { createdAtInferred } }").getBoolean(
                "data.alert.createdAtInferred")).isFalse();
    }

    /**
     * GitHub's fix of an alert, moved to a repository of its own (a new owner, id and name) so that no other test
     * touches its alert; unfixed, it is the alert's creation (same times, so the fix comes after it).
     */
    private static byte[] body(String fixture, String repo, boolean fixed) throws Exception {
        return body(fixture, "follow-owner", repo, fixed);
    }

    private static byte[] body(String fixture, String owner, String repo, boolean fixed) throws Exception {
        ObjectNode payload = (ObjectNode) Fixtures.JSON.readTree(Fixtures.webhook(fixture).body());
        if (!fixed) {
            ObjectNode alert = (ObjectNode) payload.get("alert");
            payload.put("action", "created");
            alert.put("state", "open");
            alert.put("updated_at", alert.get("created_at").asText());
            alert.putNull("fixed_at");
        }
        ObjectNode repository = (ObjectNode) payload.get("repository");
        repository.put("id", 900_000_000L + Math.abs((owner + "/" + repo).hashCode() % 1_000_000));
        repository.put("name", repo);
        repository.put("full_name", owner + "/" + repo);
        ((ObjectNode) repository.get("owner")).put("login", owner);
        ((ObjectNode) payload.get("alert")).put("number", 1);
        return Fixtures.JSON.writeValueAsBytes(payload);
    }

    private static String state(String alertId) {
        Map<String, Object> alert = GraphQl.query("{ alert(id: \"" + alertId + "\") { state } }").getMap("data.alert");
        return alert == null ? null : (String) alert.get("state");
    }
}
