package io.alertlake.consume;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.alertlake.ocsf.PartitionKey;
import io.alertlake.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Partition registration against a WireMock stub replaying Glue's documented {@code GetTable} and
 * {@code BatchCreatePartition} responses (Glue cannot run here): which partitions are sent, where they point, what
 * counts as success, and when a partition registered before is sent again.
 */
class GluePartitionsStubServerTest {

    private static final PartitionKey FIXES = new PartitionKey("vulnerability_finding", "acme", "api", "2026-11-30");
    private static final PartitionKey SECRETS = new PartitionKey("data_security_finding", "acme", "web", "2026-12-01");

    private WireMockServer stub;
    private GlueClient glue;
    private Instant now = Instant.parse("2026-12-06T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeEach
    void start() {
        stub = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        stub.start();
        glue = GlueClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + stub.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        stub.stubFor(glue("GetTable").willReturn(json("""
                {"Table": {"Name": "findings", "DatabaseName": "alertlake_db", "TableType": "EXTERNAL_TABLE",
                  "StorageDescriptor": {"Location": "s3://lake-bucket/findings/",
                    "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                    "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                    "SerdeInfo": {"SerializationLibrary":
                      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}}}}""")));
        stub.stubFor(glue("BatchCreatePartition").willReturn(json("{\"Errors\": []}")));
    }

    @AfterEach
    void stop() {
        glue.close();
        stub.stop();
    }

    private GluePartitions registry(int maxRemembered) {
        return new GluePartitions(glue, "alertlake_db", "lake-bucket", clock, maxRemembered);
    }

    @Test
    void newPartitionsAreAddedWithTheTableFormatAndTheirOwnLocationOnce() throws IOException {
        GluePartitions partitions = registry(GluePartitions.MAX_REMEMBERED);

        partitions.register(Set.of(FIXES), Set.of("2026-11-30"));
        partitions.register(Set.of(FIXES), Set.of("2026-11-30")); // the next flush, or a redelivered batch

        List<LoggedRequest> creates = requests("BatchCreatePartition");
        assertThat(creates).hasSize(2); // one per table, the first time only
        var findings = Fixtures.JSON.readTree(creates.get(0).getBodyAsString());
        assertThat(findings.get("DatabaseName").asText()).isEqualTo("alertlake_db");
        assertThat(findings.get("TableName").asText()).isEqualTo("findings");
        var input = findings.get("PartitionInputList").get(0);
        assertThat(input.get("Values").toString()).isEqualTo("[\"vulnerability_finding\",\"acme\",\"api\",\"2026-11-30\"]");
        assertThat(input.at("/StorageDescriptor/Location").asText()).isEqualTo(
                "s3://lake-bucket/findings/class=vulnerability_finding/org=acme/repo=api/day=2026-11-30/");
        assertThat(input.at("/StorageDescriptor/SerdeInfo/SerializationLibrary").asText())
                .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
        var repositories = Fixtures.JSON.readTree(creates.get(1).getBodyAsString());
        assertThat(repositories.get("TableName").asText()).isEqualTo("repositories");
        assertThat(repositories.at("/PartitionInputList/0/StorageDescriptor/Location").asText())
                .isEqualTo("s3://lake-bucket/repositories/day=2026-11-30/");
    }

    @Test
    void aPartitionThatAlreadyExistsIsSuccessAnyOtherRefusalFailsTheFlushNamingIt() {
        stub.stubFor(glue("BatchCreatePartition").willReturn(json("""
                {"Errors": [{"PartitionValues": ["vulnerability_finding", "acme", "api", "2026-11-30"],
                  "ErrorDetail": {"ErrorCode": "AlreadyExistsException", "ErrorMessage": "Partition already exists."}}]}""")));
        registry(GluePartitions.MAX_REMEMBERED).register(Set.of(FIXES), Set.of());

        stub.stubFor(glue("BatchCreatePartition").willReturn(json("""
                {"Errors": [{"PartitionValues": ["data_security_finding", "acme", "web", "2026-12-01"],
                  "ErrorDetail": {"ErrorCode": "ResourceNumberLimitExceededException",
                    "ErrorMessage": "Number of partitions exceeds the limit."}}]}""")));
        GluePartitions partitions = registry(GluePartitions.MAX_REMEMBERED);
        assertThatThrownBy(() -> partitions.register(Set.of(SECRETS), Set.of()))
                .hasMessageContaining("data_security_finding, acme, web, 2026-12-01")
                .hasMessageContaining("Number of partitions exceeds the limit.");

        // not remembered as registered: the flush's messages are received again, and it is tried again
        stub.stubFor(glue("BatchCreatePartition").willReturn(json("{\"Errors\": []}")));
        partitions.register(Set.of(SECRETS), Set.of());
        assertThat(requests("BatchCreatePartition")).hasSize(3);
    }

    @Test
    void aPartitionIsSentAgainAfterAnHourSoOneLostWithItsTableComesBack() {
        GluePartitions partitions = registry(GluePartitions.MAX_REMEMBERED);
        partitions.register(Set.of(FIXES), Set.of());

        now = now.plus(GluePartitions.REMEMBER_FOR).minusSeconds(1);
        partitions.register(Set.of(FIXES), Set.of());
        assertThat(requests("BatchCreatePartition")).hasSize(1);
        assertThat(requests("GetTable")).hasSize(1);

        now = now.plusSeconds(1);
        partitions.register(Set.of(FIXES), Set.of());
        assertThat(requests("BatchCreatePartition")).hasSize(2);
        assertThat(requests("GetTable")).as("the table's format read again too").hasSize(2);
    }

    @Test
    void atMostTheGivenNumberOfPartitionsIsRememberedTheOldestForgottenFirst() {
        GluePartitions partitions = registry(2);
        PartitionKey third = new PartitionKey("vulnerability_finding", "acme", "api", "2026-12-02");
        partitions.register(Set.of(FIXES), Set.of());
        partitions.register(Set.of(SECRETS), Set.of());
        partitions.register(Set.of(third), Set.of()); // FIXES is forgotten

        partitions.register(new LinkedHashSet<>(List.of(SECRETS, third, FIXES)), Set.of());

        List<LoggedRequest> creates = requests("BatchCreatePartition");
        assertThat(creates).hasSize(4);
        assertThat(creates.get(3).getBodyAsString()).contains("2026-11-30").doesNotContain("2026-12-01")
                .doesNotContain("2026-12-02");
    }

    @Test
    void manyPartitionsAreSentAHundredACallGluesLimit() throws IOException {
        Set<PartitionKey> days = new LinkedHashSet<>();
        for (int d = 0; d < 250; d++) {
            days.add(new PartitionKey("vulnerability_finding", "acme", "api",
                    java.time.LocalDate.parse("2026-01-01").plusDays(d).toString()));
        }
        registry(GluePartitions.MAX_REMEMBERED).register(days, Set.of());

        List<Integer> sizes = new ArrayList<>();
        for (LoggedRequest r : requests("BatchCreatePartition")) {
            sizes.add(Fixtures.JSON.readTree(r.getBodyAsString()).get("PartitionInputList").size());
        }
        assertThat(sizes).containsExactly(100, 100, 50);
    }

    private List<LoggedRequest> requests(String operation) {
        return stub.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AWSGlue." + operation)));
    }

    private static MappingBuilder glue(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue." + operation));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }
}
