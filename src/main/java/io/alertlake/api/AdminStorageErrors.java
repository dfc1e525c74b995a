package io.alertlake.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.util.Map;

/**
 * An AWS call that fails out of a REST endpoint — in practice the operator endpoints, which keep their runs in the
 * lake's {@code state/} (S3); the webhook answers its own queue's failures. While S3 does not answer (no connection,
 * a timeout, or a 5xx after the SDK's retries) the answer is 503 with the admin endpoints' {@code {"error": …}} and a
 * Retry-After, logged as a warning. Any other failure (access denied, no credentials: a setup to fix) is a 500 of the
 * same shape, logged as an error with its stack trace, as an unmapped exception would be.
 */
public class AdminStorageErrors {

    private static final Logger LOG = Logger.getLogger(AdminStorageErrors.class);
    private static final int RETRY_AFTER_SECONDS = 10;

    @ServerExceptionMapper
    public Response failed(SdkException e, UriInfo uri) {
        return answer(e, uri.getPath());
    }

    static Response answer(SdkException e, String path) {
        if (!noAnswer(e)) {
            LOG.errorf(e, "%s failed", path);
            return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "an AWS call failed; the service's log has the details")).build();
        }
        LOG.warnf("%s: the lake's storage did not answer: %s", path, e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .entity(Map.of("error", "the lake's storage (S3) did not answer; try again: " + e.getMessage()))
                .build();
    }

    /** No answer, or a server's failure: what passes by itself, as opposed to a refusal or a setup to fix. */
    static boolean noAnswer(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.statusCode() >= 500;
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) { // refused, reset, timed out
                return true;
            }
        }
        return false;
    }
}
