package io.alertlake.consume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
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

    /**
     * GitHub's fix of an alert, moved to a repository of its own (a new owner, id and name) so that no other test
     * touches its alert; unfixed, it is the alert's creation (same times, so the fix comes after it).
     */
    private static byte[] body(String fixture, String repo, boolean fixed) throws Exception {
        ObjectNode payload = (ObjectNode) Fixtures.JSON.readTree(Fixtures.webhook(fixture).body());
        if (!fixed) {
            ObjectNode alert = (ObjectNode) payload.get("alert");
            payload.put("action", "created");
            alert.put("state", "open");
            alert.put("updated_at", alert.get("created_at").asText());
            alert.putNull("fixed_at");
        }
        ObjectNode repository = (ObjectNode) payload.get("repository");
        repository.put("id", 900_000_000L + Math.abs(repo.hashCode() % 1_000_000));
        repository.put("name", repo);
        repository.put("full_name", "follow-owner/" + repo);
        ((ObjectNode) repository.get("owner")).put("login", "follow-owner");
        ((ObjectNode) payload.get("alert")).put("number", 1);
        return Fixtures.JSON.writeValueAsBytes(payload);
    }

    private static String state(String alertId) {
        Map<String, Object> alert = given().header("Authorization", "Bearer test-token").contentType("application/json")
                .body(Map.of("query", "{ alert(id: \"" + alertId + "\") { state } }")).post("/graphql")
                .then().statusCode(200).extract().jsonPath().getMap("data.alert");
        return alert == null ? null : (String) alert.get("state");
    }
}
