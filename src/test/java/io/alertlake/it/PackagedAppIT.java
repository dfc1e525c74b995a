package io.alertlake.it;

import io.alertlake.lake.ParquetFiles;
import io.alertlake.local.StandInsResource;
import io.alertlake.testing.Fixtures;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged application — the jar in the JVM build, the native executable with {@code -Dnative} — in aws mode,
 * against SQS and S3 stand-ins started by the test: signed webhooks in, OCSF Parquet out. In the native build
 * this is what shows that Jackson, the AWS SDK, Avro, Parquet and the ZSTD codec work without a JVM.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StandInsResource.class, restrictToAnnotatedClass = true)
class PackagedAppIT {

    @Test
    void isReadyOnceTheQueueAnswers() {
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theBannerNamesThePortTheServerListensOn() {
        // the application runs with quarkus.http.port=0: any free port, which the banner must name
        java.nio.file.Path log = java.nio.file.Path.of("target/quarkus.log");
        String url = "webhook URL : http://localhost:" + io.restassured.RestAssured.port + "/webhooks/github";
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains(url));
    }

    @Test
    void rejectsAWrongSignatureAndAMissingDeliveryId() {
        given().header("X-GitHub-Event", "dependabot_alert").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64)).body("{}")
                .post("/webhooks/github").then().statusCode(401);
        given().header("X-GitHub-Event", "dependabot_alert").header("X-Hub-Signature-256", io.alertlake.ingest.SignatureVerifier.sign(Webhooks.SECRET, "{}".getBytes()))
                .body("{}").post("/webhooks/github").then().statusCode(400);
    }

    @Test
    void signedAlertFixturesBecomeOcsfParquetInTheLake() {
        Set<String> sent = new HashSet<>();
        for (Fixtures.Webhook f : Fixtures.webhooks()) {
            if (f.event().endsWith("_alert")) {
                String id = UUID.randomUUID().toString();
                Webhooks.post(f.event(), id, f.body()).then().statusCode(202);
                sent.add(id);
            }
        }
        assertThat(sent).hasSizeGreaterThan(5);

        try (S3Client s3 = StandInsResource.s3()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> findingDeliveryIds(s3).containsAll(sent));
            List<GenericRecord> records = findings(s3);
            GenericRecord any = records.stream()
                    .filter(r -> sent.contains(((GenericRecord) r.get("metadata")).get("uid").toString()))
                    .findFirst().orElseThrow();
            assertThat(((Number) any.get("class_uid")).intValue()).isIn(2002, 2006);
            assertThat(((Number) any.get("type_uid")).longValue() / 100).isEqualTo(((Number) any.get("class_uid")).longValue());
            assertThat(objects(s3, "raw/")).isNotEmpty();
        }
    }

    private static Set<String> findingDeliveryIds(S3Client s3) {
        Set<String> ids = new HashSet<>();
        for (GenericRecord r : findings(s3)) {
            ids.add(((GenericRecord) r.get("metadata")).get("uid").toString());
        }
        return ids;
    }

    private static List<GenericRecord> findings(S3Client s3) {
        List<GenericRecord> out = new ArrayList<>();
        for (S3Object o : objects(s3, "findings/")) {
            try {
                out.addAll(ParquetFiles.read(s3.getObjectAsBytes(b -> b.bucket("alertlake").key(o.key())).asByteArray()));
            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                // listed but not readable at that moment (the stand-in was still writing or replacing it): the next poll reads it
            }
        }
        return out;
    }

    private static List<S3Object> objects(S3Client s3, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket("alertlake").prefix(prefix)).contents().stream().toList();
    }
}
