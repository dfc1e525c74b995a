package io.alertlake.api;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.ConnectException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures of an AWS call the operator endpoints answer 503 ("try again") and which 500 (a setup to fix).
 * ReplayCancelTest has the 503 over HTTP, with the S3 stand-in stopped.
 */
class AdminStorageErrorsTest {

    @Test
    void noConnectionAndServerErrorsAreUnavailable() {
        Response refused = AdminStorageErrors.answer(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused")), "/admin/replay");
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeaderString("Retry-After")).isEqualTo("10");
        assertThat(((Map<?, ?>) refused.getEntity()).get("error").toString())
                .startsWith("the lake's storage (S3) did not answer; try again");
        assertThat(AdminStorageErrors.answer((S3Exception) S3Exception.builder().statusCode(503).message("SlowDown")
                .build(), "/admin/replay").getStatus()).isEqualTo(503);
    }

    @Test
    void aRefusalOrAMissingSetupIsAServerErrorWithTheSameShape() {
        Response denied = AdminStorageErrors.answer((S3Exception) S3Exception.builder().statusCode(403)
                .message("Access Denied").build(), "/admin/replay");
        assertThat(denied.getStatus()).isEqualTo(500);
        assertThat(((Map<?, ?>) denied.getEntity()).get("error").toString()).contains("the service's log");
        Response noCredentials = AdminStorageErrors.answer(
                SdkClientException.create("Unable to load credentials from any of the providers in the chain"),
                "/admin/backfill");
        assertThat(noCredentials.getStatus()).isEqualTo(500);
    }
}
