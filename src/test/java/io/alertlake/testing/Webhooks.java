package io.alertlake.testing;

import io.alertlake.ingest.SignatureVerifier;
import io.restassured.response.Response;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Posts deliveries to the running app the way GitHub does. */
public final class Webhooks {

    /** The secret configured for tests (GitHub's documented example secret). */
    public static final String SECRET = "It's a Secret to Everybody";

    private Webhooks() {
    }

    public static Response post(String event, byte[] body) {
        return post(event, UUID.randomUUID().toString(), body);
    }

    public static Response post(String event, String deliveryId, byte[] body) {
        return given()
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-GitHub-Hook-ID", "109948940")
                .header("X-GitHub-Hook-Installation-Target-Type", "integration")
                .header("X-GitHub-Hook-Installation-Target-ID", "375708")
                .header("X-Hub-Signature-256", SignatureVerifier.sign(SECRET, body))
                .contentType("application/json")
                .body(body)
                .post("/webhooks/github");
    }
}
