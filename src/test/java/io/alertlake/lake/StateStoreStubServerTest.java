package io.alertlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.alertlake.aws.AwsClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A conditional write of {@code state/} whose answer never comes: a WireMock stub (the S3 stand-in cannot be made to
 * break a connection on purpose; under load it does so by itself, refusing the condition before reading the body)
 * resets every PUT and answers GETs as S3 documents them. Whether the write counts as written is then told by what
 * is there.
 */
class StateStoreStubServerTest {

    private static final String KEY = "/alertlake/state/jobs/lease.json";
    private static final StateStore.Stored READ = new StateStore.Stored(doc("first"), "\"1\"");

    private WireMockServer stub;
    private S3Client s3;
    private StateStore state;

    @BeforeEach
    void start() {
        stub = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        stub.start();
        s3 = S3Client.builder().httpClient(AwsClients.s3Http().build())
                .endpointOverride(URI.create("http://127.0.0.1:" + stub.port()))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
        state = new StateStore(s3, "alertlake");
        stub.stubFor(put(urlEqualTo(KEY)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    @AfterEach
    void stop() {
        s3.close();
        stub.stop();
    }

    @Test
    void aWriteWithoutAnAnswerIsRefusedWhenAnotherVersionIsThere() {
        there(doc("third"), "\"3\"");
        assertThat(state.writeIf("jobs/lease", doc("fourth"), Optional.of(READ))).isFalse();
        stub.verify(putRequestedFor(urlEqualTo(KEY)).withHeader("If-Match", equalTo("\"1\"")));
    }

    @Test
    void aWriteWithoutAnAnswerIsWrittenWhenItsValueIsThere() {
        there(doc("fourth"), "\"4\"");
        assertThat(state.writeIf("jobs/lease", doc("fourth"), Optional.of(READ))).isTrue();
    }

    @Test
    void aWriteWithoutAnAnswerFailsWhenTheVersionReadIsStillThere() {
        there(doc("first"), "\"1\"");
        assertThatThrownBy(() -> state.writeIf("jobs/lease", doc("fourth"), Optional.of(READ)))
                .isInstanceOf(SdkClientException.class);
    }

    @Test
    void aFirstWriteWithoutAnAnswerFailsWhenNothingIsThereYet() {
        stub.stubFor(get(urlEqualTo(KEY)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>")));
        assertThatThrownBy(() -> state.writeIf("jobs/lease", doc("first"), Optional.empty()))
                .isInstanceOf(SdkClientException.class);
        stub.verify(putRequestedFor(urlEqualTo(KEY)).withHeader("If-None-Match", equalTo("*")));
    }

    @Test
    void aWriteWithoutAnAnswerThatCannotBeReadBackFailsWithBothCauses() {
        stub.stubFor(get(urlEqualTo(KEY)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> state.writeIf("jobs/lease", doc("fourth"), Optional.of(READ)))
                .isInstanceOf(SdkClientException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    private void there(JsonNode value, String etag) {
        stub.stubFor(get(urlEqualTo(KEY)).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", etag).withHeader("Content-Type", "application/json").withBody(value.toString())));
    }

    private static JsonNode doc(String by) {
        return JsonNodeFactory.instance.objectNode().put("by", by);
    }
}
