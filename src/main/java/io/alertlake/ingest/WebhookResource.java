package io.alertlake.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.SecretValues;
import io.alertlake.delivery.WebhookSignatures;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /webhooks/github}: verifies a GitHub delivery and answers 202 only once SQS holds it.
 * Bodies above {@code alertlake.webhook.max-body} are refused with 413 by the HTTP layer before they are
 * buffered (see {@code quarkus.http.limits.max-body-size}).
 */
@Path("/webhooks/github")
public class WebhookResource {

    private static final Logger LOG = Logger.getLogger(WebhookResource.class);
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final WebhookSecrets secrets;
    private final DeliveryQueue queue;
    private final IngestMetrics metrics;
    private final StoredEvents storedEvents;
    private final long maxBody;

    WebhookResource(WebhookSecrets secrets, DeliveryQueue queue, IngestMetrics metrics, StoredEvents storedEvents,
                    AlertlakeConfig config) {
        this.secrets = secrets;
        this.queue = queue;
        this.metrics = metrics;
        this.storedEvents = storedEvents;
        this.maxBody = config.webhook().maxBody().asLongValue();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(HttpHeaders headers, byte[] body) {
        Instant receivedAt = Instant.now();
        Received received = new Received(headers, body == null ? new byte[0] : body, receivedAt);
        // large bodies (the same bound as BodyLimitFilter's limit on how many are read at once) go to a worker
        if (received.body().length <= BodyLimitFilter.LARGE_BODY) {
            return handle(received);
        }
        // Verifying, decoding and redacting megabytes takes tens of milliseconds: not on the event loop, which
        // would make every other delivery and health check on it wait that long.
        return Uni.createFrom().deferred(() -> handle(received))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Response> handle(Received r) {
        byte[] body = r.body();
        if (body.length > maxBody) {
            return reject(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too_large",
                    "body exceeds " + maxBody + " bytes");
        }
        if (r.signature() == null || r.signature().isBlank()) {
            return reject(Response.Status.UNAUTHORIZED, "signature_missing", "X-Hub-Signature-256 is missing");
        }
        byte[] claimed = WebhookSignatures.digest(r.signature().trim());
        if (claimed == null) {
            // a bare hex digest, say, can never match: "does not match" would send the sender looking at its secret
            return reject(Response.Status.UNAUTHORIZED, "signature_invalid",
                    "X-Hub-Signature-256 must be sha256=<hex of HMAC-SHA256 of the body>");
        }
        if (!secrets.verifier().verify(body, claimed)) {
            return reject(Response.Status.UNAUTHORIZED, "signature_invalid", "X-Hub-Signature-256 does not match");
        }
        String event = r.event();
        String deliveryId = r.deliveryId();
        if (isBlank(event) || isBlank(deliveryId)) {
            return reject(Response.Status.BAD_REQUEST, "headers_missing",
                    "X-GitHub-Event and X-GitHub-Delivery are required");
        }
        if (r.identityRepeated()) {
            // GitHub sends each once; joined, two events would read as one unknown event, ignored and lost
            return reject(Response.Status.BAD_REQUEST, "headers_repeated",
                    "X-GitHub-Event and X-GitHub-Delivery must each be given once");
        }
        if (!DELIVERY_ID.matcher(deliveryId).matches()) {
            // GitHub's ids are GUIDs; the id names the claim-check object and travels as a message attribute,
            // where a long one would fail every attempt with a 503 instead of saying what is wrong
            return reject(Response.Status.BAD_REQUEST, "delivery_id_invalid",
                    "X-GitHub-Delivery must be 1 to 100 letters, digits, '-', '_', '.' or ':' (GitHub sends a GUID)");
        }
        if ("ping".equals(event)) {
            metrics.accepted(event);
            return Uni.createFrom().item(Response.ok(Map.of("pong", true)).build());
        }
        if (!storedEvents.stores(event)) {
            metrics.ignored(event);
            return Uni.createFrom().item(Response.accepted(Map.of("ignored", true)).build());
        }
        if (FormPayload.isForm(r.mediaType())) {
            Optional<byte[]> json;
            try {
                json = FormPayload.json(body);
            } catch (IllegalArgumentException e) { // a malformed %-escape
                json = Optional.empty();
            }
            if (json.isEmpty()) {
                return reject(Response.Status.BAD_REQUEST, "form_without_payload",
                        "a form-encoded delivery must carry its JSON in the field 'payload'");
            }
            body = json.get();
        }
        if (body.length == 0) { // SQS takes no empty message: without this, a 503 for every redelivery
            return reject(Response.Status.BAD_REQUEST, "body_empty", "the body is empty; a GitHub event has a JSON payload");
        }
        // no secret value is queued or stored, whatever the event says; the signature is kept as the body's identity
        Delivery delivery = new Delivery(event, deliveryId, r.hookId(), r.targetType(), r.targetId(),
                r.receivedAt(), SecretValues.redact(body), r.signature().toLowerCase(java.util.Locale.ROOT));
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

    /** What a delivery brought, read on the event loop, so that the rest may run on another thread. */
    private record Received(String signature, String event, String deliveryId, String hookId, String targetType,
                            String targetId, MediaType mediaType, byte[] body, Instant receivedAt,
                            boolean identityRepeated) {
        Received(HttpHeaders headers, byte[] body, Instant receivedAt) {
            this(headers.getHeaderString("X-Hub-Signature-256"), headers.getHeaderString("X-GitHub-Event"),
                    headers.getHeaderString("X-GitHub-Delivery"), headers.getHeaderString("X-GitHub-Hook-ID"),
                    headers.getHeaderString("X-GitHub-Hook-Installation-Target-Type"),
                    headers.getHeaderString("X-GitHub-Hook-Installation-Target-ID"), headers.getMediaType(), body,
                    receivedAt, repeated(headers, "X-GitHub-Event") || repeated(headers, "X-GitHub-Delivery"));
        }

        /** A header given twice reads as both values joined by a comma: {@code dependabot_alert,ping}. */
        private static boolean repeated(HttpHeaders headers, String name) {
            List<String> values = headers.getRequestHeader(name);
            return values != null && values.size() > 1;
        }
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
