package io.alertlake.testing;

import io.restassured.path.json.JsonPath;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Asks the running app's GraphQL API, with the test profile's admin token, as a client does. */
public final class GraphQl {

    private GraphQl() {
    }

    /** The answer to {@code query}, which must come with a 200 (GraphQL reports its errors in the body). */
    public static JsonPath query(String query) {
        return given().header("Authorization", "Bearer test-token").contentType("application/json")
                .body(Map.of("query", query)).post("/graphql").then().statusCode(200).extract().jsonPath();
    }
}
