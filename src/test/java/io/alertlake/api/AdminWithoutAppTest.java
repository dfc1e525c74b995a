package io.alertlake.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** The GitHub endpoints of an api task without a GitHub App: unavailable, and saying what to configure. */
@QuarkusTest
class AdminWithoutAppTest {

    private static final String TOKEN = "Bearer test-token";

    @Test
    void redeliverAndBackfillAnswer503NamingTheMissingConfiguration() {
        for (String path : new String[]{"/admin/redeliver", "/admin/backfill"}) {
            given().header("Authorization", TOKEN).post(path).then().statusCode(503)
                    .contentType("application/json")
                    .body("error", containsString("no GitHub App configured"))
                    .body("error", containsString("alertlake.github.app-id"));
        }
    }
}
