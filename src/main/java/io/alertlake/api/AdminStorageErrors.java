package io.alertlake.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Map;

/**
 * The operator endpoints keep their runs in the lake's {@code state/} (S3): while S3 does not answer (no connection,
 * or a 5xx after the SDK's retries) they answer 503 with their {@code {"error": …}} and a Retry-After, not a 500
 * with a stack trace in the log. Any other failure of an AWS call (access denied: a setup to fix) is left to the
 * default 500, logged as an error. Other paths answer as before.
 */
public class AdminStorageErrors {

    private static final Logger LOG = Logger.getLogger(AdminStorageErrors.class);
    static final int RETRY_AFTER_SECONDS = 10;

    @ServerExceptionMapper
    public Response unavailable(SdkException e, UriInfo uri) {
        boolean noAnswer = e instanceof SdkClientException
                || e instanceof AwsServiceException service && service.statusCode() >= 500;
        if (!noAnswer || !uri.getPath().startsWith("/admin")) {
            return null; // handled as before
        }
        LOG.warnf("%s: the lake's storage did not answer: %s", uri.getPath(), e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .entity(Map.of("error", "the lake's storage (S3) did not answer; try again: "
                        + e.getMessage()))
                .build();
    }
}
