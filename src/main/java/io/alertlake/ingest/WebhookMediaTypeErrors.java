package io.alertlake.ingest;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A Content-Type that is not a media type ({@code garbage}) is refused with 415 while the request is routed, before
 * {@link WebhookResource} is chosen, so a mapper of that class never sees it: here the webhook's 415 gets the JSON
 * error its other refusals carry. Other paths answer as before.
 */
public class WebhookMediaTypeErrors {

    private static final String WEBHOOK_PATH = "/webhooks/github";

    private final IngestMetrics metrics;

    WebhookMediaTypeErrors(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        if (!WEBHOOK_PATH.equals(uri.getPath())) {
            return e.getResponse();
        }
        metrics.rejected("media_type_invalid");
        return Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(WebhookResource.error("Content-Type is not a media type; GitHub sends application/json "
                        + "or application/x-www-form-urlencoded"))
                .build();
    }
}
