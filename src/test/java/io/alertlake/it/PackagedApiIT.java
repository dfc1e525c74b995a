package io.alertlake.it;

import io.alertlake.local.ApiStandInsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The packaged application — the jar, or the native executable with {@code -Dnative} — with the api role in aws
 * mode: GraphQL behind its token, the views' SQL read from the application's own resources (a native executable has
 * only those it was told to include), the query sent to the engine. The engine is a Trino that is not there, so the
 * answer is the engine's error: what shows that everything before it worked.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStandInsResource.class, restrictToAnnotatedClass = true)
class PackagedApiIT {

    private static final String QUERY = "{ remediation(groupBy: [ORG]) { org opened mttrSeconds } }";

    @Test
    void graphqlNeedsItsToken() {
        given().contentType("application/json").body(Map.of("query", QUERY)).post("/graphql").then().statusCode(401);
    }

    @Test
    void aTaskThatDoesNotConsumeExportsNoConsumerMetrics() {
        // a lag of 0 from the API's tasks would read as a consumer keeping up
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"))
                .body(not(containsString("alertlake_consumer_")));
    }

    @Test
    void aReplayRunsAndItsProgressIsReadBackAsJson() {
        // the run's snapshot goes to JSON in the answer and through the lake's state/ and back: what a native
        // executable can only do for the types registered for it
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String id = given().header("Authorization", "Bearer " + ApiStandInsResource.TOKEN)
                .post("/admin/replay?from=" + today + "&to=" + today).then().statusCode(202)
                .body("from", org.hamcrest.Matchers.equalTo(today)).extract().path("id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + ApiStandInsResource.TOKEN).get("/admin/replay/" + id)
                        .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("SUCCEEDED"))
                        .body("batches", org.hamcrest.Matchers.equalTo(0)));
        given().header("Authorization", "Bearer " + ApiStandInsResource.TOKEN).get("/admin/replay").then()
                .statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void aQueryReadsTheViewsSqlAndReachesTheEngine() {
        given().header("Authorization", "Bearer " + ApiStandInsResource.TOKEN).contentType("application/json")
                .body(Map.of("query", QUERY)).post("/graphql").then().statusCode(200)
                .body("errors[0].message", containsString("the query engine could not run the query (Trino)"))
                .body("errors[0].message", not(containsString("System error")));
    }

    @Test
    void queriesOnTheEngineAreTimedByOutcome() {
        given().header("Authorization", "Bearer " + ApiStandInsResource.TOKEN).contentType("application/json")
                .body(Map.of("query", "{ remediation(groupBy: [REPO]) { repo opened } }")).post("/graphql").then()
                .statusCode(200);
        // the timers exist from the start (at 0): the failed query must have counted
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher failed = java.util.regex.Pattern.compile(
                "alertlake_query_seconds_count\\{engine=\"trino\",outcome=\"failed\"} ([0-9.E]+)").matcher(metrics);
        org.assertj.core.api.Assertions.assertThat(failed.find()).as(metrics).isTrue();
        org.assertj.core.api.Assertions.assertThat(Double.parseDouble(failed.group(1))).isGreaterThanOrEqualTo(1);
    }
}
