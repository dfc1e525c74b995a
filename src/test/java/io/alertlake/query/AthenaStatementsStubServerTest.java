package io.alertlake.query;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Athena cannot run here, so these tests point the real AWS SDK Athena client at a WireMock HTTP stub that
 * replays the responses documented in the Athena API reference (AWS JSON 1.1 protocol, one operation per
 * {@code X-Amz-Target}).
 */
class AthenaStatementsStubServerTest {

    private WireMockServer stub;
    private AthenaStatements statements;

    @BeforeEach
    void startStub() {
        stub = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        stub.start();
        AthenaClient client = AthenaClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + stub.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        statements = new AthenaStatements(client, "alertlake", "alertlake_db", Duration.ofMinutes(5),
                Duration.ofMillis(10), Duration.ofMillis(40));
    }

    @AfterEach
    void stopStub() {
        stub.stop();
    }

    private static MappingBuilder operation(String name) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena." + name));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private void stubStart() {
        stub.stubFor(operation("StartQueryExecution").willReturn(json("{\"QueryExecutionId\":\"q-1\"}")));
    }

    private void stubStates(String... states) {
        String scenario = "states";
        for (int i = 0; i < states.length; i++) {
            String from = i == 0 ? Scenario.STARTED : "s" + i;
            var mapping = operation("GetQueryExecution").inScenario(scenario).whenScenarioStateIs(from)
                    .willReturn(json("{\"QueryExecution\":{\"QueryExecutionId\":\"q-1\",\"Status\":{\"State\":\""
                            + states[i] + "\",\"StateChangeReason\":\"line 1:8: Column 'secret_col' cannot be resolved\"}}}"));
            if (i < states.length - 1) {
                mapping = mapping.willSetStateTo("s" + (i + 1));
            }
            stub.stubFor(mapping);
        }
    }

    @Test
    void runsAQueryWithBoundParametersAndReadsEveryPageAsTypedRows() {
        stubStart();
        stubStates("QUEUED", "RUNNING", "SUCCEEDED");
        String metadata = "\"ResultSetMetadata\":{\"ColumnInfo\":["
                + "{\"Name\":\"org\",\"Type\":\"varchar\"},{\"Name\":\"opened\",\"Type\":\"bigint\"},"
                + "{\"Name\":\"mttr\",\"Type\":\"double\"},{\"Name\":\"at\",\"Type\":\"timestamp\"}]}";
        stub.stubFor(operation("GetQueryResults").withRequestBody(matchingJsonPath("$[?(!@.NextToken)]"))
                .willReturn(json("{\"ResultSet\":{" + metadata + ",\"Rows\":["
                        + "{\"Data\":[{\"VarCharValue\":\"org\"},{\"VarCharValue\":\"opened\"},{\"VarCharValue\":\"mttr\"},{\"VarCharValue\":\"at\"}]},"
                        + "{\"Data\":[{\"VarCharValue\":\"octo-org\"},{\"VarCharValue\":\"12\"},{\"VarCharValue\":\"3600.5\"},{\"VarCharValue\":\"2026-10-01 12:00:00.000\"}]}"
                        + "]},\"NextToken\":\"page-2\"}")));
        stub.stubFor(operation("GetQueryResults").withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2")))
                .willReturn(json("{\"ResultSet\":{" + metadata + ",\"Rows\":["
                        + "{\"Data\":[{\"VarCharValue\":\"other\"},{\"VarCharValue\":\"3\"},{},{}]}]}}")));

        List<Map<String, Object>> rows = statements.query("SELECT * FROM remediation_monthly WHERE org = ?",
                List.of("o'; DROP TABLE findings; --", 7, Instant.parse("2026-11-01T00:00:00Z")), Duration.ofSeconds(5));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("org", "octo-org").containsEntry("opened", 12L)
                .containsEntry("mttr", 3600.5).containsEntry("at", Instant.parse("2026-10-01T12:00:00Z"));
        assertThat(rows.get(1)).containsEntry("org", "other").containsEntry("opened", 3L).containsEntry("mttr", null);
        stub.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.StartQueryExecution"))
                .withRequestBody(matchingJsonPath("$.WorkGroup", equalTo("alertlake")))
                .withRequestBody(matchingJsonPath("$.QueryExecutionContext.Database", equalTo("alertlake_db")))
                .withRequestBody(matchingJsonPath("$.ExecutionParameters[0]", equalTo("'o''; DROP TABLE findings; --'")))
                .withRequestBody(matchingJsonPath("$.ExecutionParameters[1]", equalTo("7")))
                .withRequestBody(matchingJsonPath("$.ExecutionParameters[2]",
                        equalTo("TIMESTAMP '2026-11-01 00:00:00.000'")))
                .withRequestBody(matchingJsonPath("$.ResultReuseConfiguration.ResultReuseByAgeConfiguration.Enabled",
                        equalTo("true")))
                .withRequestBody(containing("remediation_monthly WHERE org = ?")));
    }

    @Test
    void failedQueryIsReportedWithoutAthenasReasonWhichMayQuoteSql() {
        stubStart();
        stubStates("RUNNING", "FAILED");
        assertThatThrownBy(() -> statements.query("SELECT 1", List.of(), Duration.ofSeconds(5)))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("could not run the query")
                .hasMessageNotContaining("secret_col");
    }

    @Test
    void aRequestAthenaRefusesIsAQueryFailureNamingItsErrorNotItsMessage() {
        // as the Athena API reference documents errors: HTTP 400, the error type in __type; IAM's message names the
        // role, an InvalidRequestException's can quote the statement
        stub.stubFor(operation("StartQueryExecution").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:sts::123456789012:"
                        + "assumed-role/alertlake-api is not authorized to perform: athena:StartQueryExecution\"}")));
        assertThatThrownBy(() -> statements.query("SELECT 1", List.of(), Duration.ofSeconds(5)))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("could not run the query").hasMessageContaining("AccessDeniedException")
                .hasMessageNotContaining("arn:aws");
        assertThatThrownBy(() -> statements.run("CREATE OR REPLACE VIEW v AS SELECT 1", Duration.ofSeconds(5)))
                .isInstanceOf(QueryFailedException.class).hasMessageContaining("AccessDeniedException");
    }

    @Test
    void queryPastItsDeadlineIsCancelled() {
        stubStart();
        stubStates("RUNNING");
        stub.stubFor(operation("StopQueryExecution").willReturn(json("{}")));
        assertThatThrownBy(() -> statements.query("SELECT 1", List.of(), Duration.ofMillis(200)))
                .isInstanceOf(QueryFailedException.class).hasMessageContaining("deadline");
        stub.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.StopQueryExecution"))
                .withRequestBody(matchingJsonPath("$.QueryExecutionId", equalTo("q-1"))));
    }
}
