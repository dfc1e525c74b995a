package io.alertlake.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.SecretValues;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /webhooks/github}: verifies a GitHub delivery and answers 202 only once SQS holds it.
 * Bodies above {@code alertlake.webhook.max-body} are refused with 413 by the HTTP layer before they are
 * buffered (see {@code quarkus.http.limits.max-body-size}).
 */
@Path("/webhooks/github")
public class WebhookResource {

    private static final Logger LOG = Logger.getLogger(WebhookResource.class);

    private final WebhookSecrets secrets;
    private final DeliveryQueue queue;
    private final IngestMetrics metrics;
    private final Set<String> storedEvents;
    private final long maxBody;

    WebhookResource(WebhookSecrets secrets, DeliveryQueue queue, IngestMetrics metrics, AlertlakeConfig config) {
        this.secrets = secrets;
        this.queue = queue;
        this.metrics = metrics;
        this.storedEvents = config.webhook().events();
        this.maxBody = config.webhook().maxBody().asLongValue();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(HttpHeaders headers, byte[] body) {
        Instant receivedAt = Instant.now();
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBody) {
            return reject(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too_large",
                    "body exceeds " + maxBody + " bytes");
        }
        String signature = headers.getHeaderString("X-Hub-Signature-256");
        if (signature == null || signature.isBlank()) {
            return reject(Response.Status.UNAUTHORIZED, "signature_missing", "X-Hub-Signature-256 is missing");
        }
        if (!secrets.verifier().verify(body, signature.trim())) {
            return reject(Response.Status.UNAUTHORIZED, "signature_invalid", "X-Hub-Signature-256 does not match");
        }
        String event = headers.getHeaderString("X-GitHub-Event");
        String deliveryId = headers.getHeaderString("X-GitHub-Delivery");
        if (isBlank(event) || isBlank(deliveryId)) {
            return reject(Response.Status.BAD_REQUEST, "headers_missing",
                    "X-GitHub-Event and X-GitHub-Delivery are required");
        }
        if ("ping".equals(event)) {
            metrics.accepted(event);
            return Uni.createFrom().item(Response.ok(Map.of("pong", true)).build());
        }
        if (!storedEvents.contains(event)) {
            metrics.ignored(event);
            return Uni.createFrom().item(Response.accepted(Map.of("ignored", true)).build());
        }
        if (body.length == 0) {
            return reject(Response.Status.BAD_REQUEST, "body_empty", "the body is empty; a GitHub event has a JSON payload");
        }
        if (FormPayload.isForm(headers.getMediaType())) {
            java.util.Optional<byte[]> json;
            try {
                json = FormPayload.json(body);
            } catch (IllegalArgumentException e) { // a malformed %-escape
                json = java.util.Optional.empty();
            }
            if (json.isEmpty()) {
                return reject(Response.Status.BAD_REQUEST, "form_without_payload",
                        "a form-encoded delivery must carry its JSON in the field 'payload'");
            }
            body = json.get();
        }
        Delivery delivery = new Delivery(event, deliveryId,
                headers.getHeaderString("X-GitHub-Hook-ID"),
                headers.getHeaderString("X-GitHub-Hook-Installation-Target-Type"),
                headers.getHeaderString("X-GitHub-Hook-Installation-Target-ID"),
                receivedAt, SecretValues.redact(body)); // no secret value is queued or stored, whatever the event says
        long started = System.nanoTime();
        return Uni.createFrom().completionStage(() -> queue.enqueue(delivery))
                .map(ignored -> {
                    metrics.enqueued(event, System.nanoTime() - started);
                    return Response.accepted(queued(deliveryId)).build();
                })
                .onFailure().recoverWithItem(failure -> {
                    metrics.rejected("queue_unavailable");
                    LOG.warnf("delivery %s (%s) not queued, answering 503: %s", deliveryId, event, failure.toString());
                    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                            .header("Retry-After", "5")
                            .entity(error("the queue did not accept the delivery; redeliver it later"))
                            .build();
                });
    }

    private Uni<Response> reject(Response.Status status, String reason, String message) {
        metrics.rejected(reason);
        LOG.debugf("webhook rejected (%s): %s", reason, message);
        return Uni.createFrom().item(Response.status(status).entity(error(message)).build());
    }

    /**
     * {@code {"queued":true,"delivery":"<id>"}}, written directly: the answer every accepted delivery gets, and
     * serializing a map for it took 14 % of the event loops' time under load (docs/benchmarks.md).
     */
    static String queued(String deliveryId) {
        return "{\"queued\":true,\"delivery\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(deliveryId))
                + "\"}";
    }

    static Map<String, String> error(String message) {
        return Map.of("error", message);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
