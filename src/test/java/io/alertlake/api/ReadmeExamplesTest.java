package io.alertlake.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertlake.consume.ConsumerProfile;
import io.alertlake.consume.DeliveryConsumer;
import io.alertlake.demo.DemoDeliveries;
import io.alertlake.query.QueryEngine;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's GraphQL examples, sent as its {@code gql} helper sends them ({@code application/graphql}), against
 * the demo data of the day the README names, sent through the webhook endpoint as {@code quarkus:dev} sends it:
 * every example runs without errors, and every row and value the README shows as an answer is in the answer.
 * Remediation questions without {@code asOf} are asked as of that day's start ("now" when the demo started).
 */
@QuarkusTest
@TestProfile(ConsumerProfile.class)
class ReadmeExamplesTest {

    /** The day the README's demo was started. */
    private static final LocalDate DEMO_DAY = LocalDate.parse("2026-12-01");
    private static final String AS_OF = DEMO_DAY + "T00:00:00Z";
    private static final List<String> DEMO_ORGS = List.of("octo-bank", "acme-health", "globex");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FENCE = Pattern.compile("```(graphql|json)\\n(.*?)```", Pattern.DOTALL);

    @Inject
    DeliveryConsumer consumer;
    @Inject
    QueryEngine engine;

    @Test
    void everyGraphQlExampleAnswersAsTheReadmeShows() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).as("the helper the examples are sent with")
                .contains("-H 'Content-Type: application/graphql' --data-binary \"$1\"");
        loadDemo();

        List<String> queries = new ArrayList<>();
        int answers = 0;
        Matcher fence = FENCE.matcher(readme);
        while (fence.find()) {
            String text = fence.group(2).strip();
            if (fence.group(1).equals("graphql")) {
                queries.add(text);
                JsonNode answer = ask(text);
                assertThat(answer.path("errors").isMissingNode()).as("errors of %s: %s", text, answer).isTrue();
            } else if (text.startsWith("{\"data\"")) {
                JsonNode shown = JSON.readTree(text.replaceAll(",\\s*…", ""));
                String field = shown.path("data").fieldNames().next();
                String query = answered(queries, field);
                JsonNode actual = ask(query).path("data").path(field);
                assertThat(contains(actual, shown.path("data").path(field)))
                        .as("the README's answer to %s%n  shows %s%n  the service answers %s", query,
                                shown.path("data").path(field), actual)
                        .isTrue();
                answers++;
            }
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(4);
        assertThat(answers).isGreaterThanOrEqualTo(3);

        // the JSON body with variables, as the README's curl sends it, answers as the same question asked directly
        Matcher jsonCurl = Pattern.compile("-H 'Content-Type: application/json' \\\\\n\\s*-d '(\\{.*?\\})'\n")
                .matcher(readme);
        assertThat(jsonCurl.find()).as("the README's JSON example").isTrue();
        JsonNode request = JSON.readTree(jsonCurl.group(1));
        ((com.fasterxml.jackson.databind.node.ObjectNode) request).put("query",
                request.get("query").asText().replaceFirst("remediation\\(", "remediation(asOf: \"" + AS_OF + "\", "));
        JsonNode viaJson = JSON.readTree(given().header("Authorization", "Bearer test-token")
                .contentType("application/json").body(request.toString()).post("/graphql").then().statusCode(200)
                .extract().asString());
        assertThat(viaJson.path("errors").isMissingNode()).as("errors: %s", viaJson).isTrue();
        JsonNode direct = ask("{ remediation(filter: {orgs: [\"globex\"]}) { opened fixed } }");
        assertThat(viaJson.path("data")).isEqualTo(direct.path("data"));
        assertThat(direct.path("data").path("remediation").get(0).path("opened").asInt()).isPositive();
    }

    /** The demo's deliveries, signed, through the webhook endpoint; waits until the lake has them all. */
    private void loadDemo() {
        consumer.start();
        List<DemoDeliveries.Demo> demo = DemoDeliveries.generate(42, DEMO_DAY, 9); // alertlake.demo's defaults
        for (DemoDeliveries.Demo d : demo) {
            Webhooks.post(d.event(), d.deliveryId(), d.body()).then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ((Number) engine.query(
                "SELECT count(DISTINCT metadata.uid) AS n FROM findings WHERE org IN (?, ?, ?)",
                List.copyOf(DEMO_ORGS), Duration.ofSeconds(30)).get(0).get("n")).intValue() == demo.size());
    }

    /** The nearest example above an answer that asks for its field. */
    private static String answered(List<String> queries, String field) {
        for (int i = queries.size() - 1; i >= 0; i--) {
            if (queries.get(i).matches("(?s)\\{\\s*" + field + "\\b.*")) {
                return queries.get(i);
            }
        }
        throw new AssertionError("no example above the README's answer of " + field);
    }

    private static JsonNode ask(String query) throws Exception {
        String asked = query.contains("asOf") ? query
                : query.replaceFirst("remediation\\(", "remediation(asOf: \"" + AS_OF + "\", ");
        String body = given().header("Authorization", "Bearer test-token").contentType("application/graphql")
                .body(asked.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/graphql").then().statusCode(200).extract().asString();
        return JSON.readTree(body);
    }

    /**
     * Whether {@code actual} holds what {@code shown} shows: the same values for the fields shown (numbers as shown,
     * to the tenth), and for a list every row shown, in the order shown.
     */
    static boolean contains(JsonNode actual, JsonNode shown) {
        if (shown.isArray()) {
            Iterator<JsonNode> rows = actual.iterator();
            for (JsonNode row : shown) {
                boolean found = false;
                while (!found && rows.hasNext()) {
                    found = contains(rows.next(), row);
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (shown.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = shown.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!actual.has(field.getKey()) || !contains(actual.get(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (shown.isNumber()) {
            return actual.isNumber() && Math.abs(actual.asDouble() - shown.asDouble()) <= 0.0501;
        }
        return shown.equals(actual);
    }
}
