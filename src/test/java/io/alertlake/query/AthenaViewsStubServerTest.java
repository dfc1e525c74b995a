package io.alertlake.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.alertlake.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Startup's view check against a WireMock stub replaying documented Glue {@code GetTable} and Athena responses
 * (neither service can run here): only views whose text differs from the catalog's are re-created.
 */
class AthenaViewsStubServerTest {

    private WireMockServer stub;
    private AthenaEngine athena;
    private GlueViews catalog;

    @BeforeEach
    void start() {
        stub = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        stub.start();
        URI endpoint = URI.create("http://127.0.0.1:" + stub.port());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        athena = new AthenaEngine(new AthenaStatements(AthenaClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                "alertlake", "alertlake_db", Duration.ZERO, Duration.ofMillis(10), Duration.ofMillis(40)));
        catalog = new GlueViews(GlueClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                "alertlake_db");
        stub.stubFor(athena("StartQueryExecution").willReturn(json("{\"QueryExecutionId\":\"q-1\"}")));
        stub.stubFor(athena("GetQueryExecution").willReturn(json(
                "{\"QueryExecution\":{\"QueryExecutionId\":\"q-1\",\"Status\":{\"State\":\"SUCCEEDED\"}}}")));
        stub.stubFor(athena("GetQueryResults").willReturn(json("{\"ResultSet\":{\"ResultSetMetadata\":"
                + "{\"ColumnInfo\":[]},\"Rows\":[]}}")));
        // no view exists unless a test says so
        stub.stubFor(glueGetTable().atPriority(10).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"EntityNotFoundException\",\"Message\":\"Table not found\"}")));
    }

    @AfterEach
    void stop() {
        stub.stop();
    }

    private static MappingBuilder athena(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena." + operation));
    }

    private static MappingBuilder glueGetTable() {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue.GetTable"));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    /** A view as Athena stores it in Glue (the GetTable shape of a VIRTUAL_VIEW with a Presto view definition). */
    private void viewInCatalog(String name, String originalSql) {
        ObjectNode definition = Fixtures.JSON.createObjectNode().put("originalSql", originalSql)
                .put("catalog", "awsdatacatalog").put("schema", "alertlake_db");
        definition.putArray("columns");
        String text = "/* Presto View: " + Base64.getEncoder().encodeToString(
                definition.toString().getBytes(StandardCharsets.UTF_8)) + " */";
        ObjectNode table = Fixtures.JSON.createObjectNode();
        table.putObject("Table").put("Name", name).put("DatabaseName", "alertlake_db").put("TableType", "VIRTUAL_VIEW")
                .put("ViewOriginalText", text).put("ViewExpandedText", "/* Presto View */");
        stub.stubFor(glueGetTable().atPriority(1).withRequestBody(matchingJsonPath("$.Name", equalTo(name)))
                .willReturn(json(table.toString())));
    }

    private static List<GlueViews.View> views() {
        return SqlFiles.viewStatements().stream().map(GlueViews.View::of).toList();
    }

    @Test
    void newDeploymentCreatesEveryViewInFileOrder() {
        List<String> applied = athena.applyViews(catalog, Duration.ofSeconds(5));

        assertThat(applied).containsExactly("repository_names", "alert_event_states", "alert_events",
                "alert_lifecycle", "remediation_monthly");
        stub.verify(5, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AmazonAthena.StartQueryExecution")));
    }

    @Test
    void aViewIsCreatedByItsStatementAloneWithoutResultReuse() throws Exception {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        AthenaEngine reusing = new AthenaEngine(new AthenaStatements(AthenaClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + stub.port())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                "alertlake", "alertlake_db", Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(40)));

        reusing.applyViews(catalog, Duration.ofSeconds(5));

        var started = stub.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AmazonAthena.StartQueryExecution")));
        assertThat(started).hasSize(5);
        for (var request : started) {
            var body = Fixtures.JSON.readTree(request.getBodyAsString());
            assertThat(body.path("QueryString").asText()).startsWith("CREATE OR REPLACE VIEW ");
            assertThat(body.has("ResultReuseConfiguration")).isFalse();
            // the statement sent is the view the catalog is compared with
            assertThat(views()).contains(GlueViews.View.of(body.path("QueryString").asText()));
        }
    }

    @Test
    void onlyViewsThatDifferFromTheCatalogAreReCreated() {
        for (GlueViews.View v : views()) {
            // the catalog keeps the text as submitted; indentation may differ
            viewInCatalog(v.name(), v.query().replace("\n", "\n    "));
        }
        viewInCatalog("alert_lifecycle", "SELECT 1 AS outdated");

        assertThat(athena.applyViews(catalog, Duration.ofSeconds(5))).containsExactly("alert_lifecycle");
        stub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AmazonAthena.StartQueryExecution")));
        stub.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AmazonAthena.StartQueryExecution")).withRequestBody(containing("VIEW alert_lifecycle")));
    }

    @Test
    void unchangedViewsCostNoAthenaQueryOnRestart() {
        for (GlueViews.View v : views()) {
            viewInCatalog(v.name(), v.query());
        }
        assertThat(athena.applyViews(catalog, Duration.ofSeconds(5))).isEmpty();
        stub.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AmazonAthena.StartQueryExecution")));
    }
}
