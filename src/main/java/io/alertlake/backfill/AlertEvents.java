package io.alertlake.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.delivery.Delivery;
import io.alertlake.ocsf.AlertType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns an alert as GitHub's REST API lists it into the webhook events that would have told us its current state:
 * an open event at {@code created_at}; for a closed alert the close at {@code fixed_at} / {@code dismissed_at} /
 * {@code auto_dismissed_at} / {@code resolved_at}; for an open alert updated after its creation a reopen at
 * {@code updated_at} (it may have been closed and reopened while no webhook reached us; if it was open all along,
 * the reopen changes nothing). Each event gets a delivery id derived from what it describes, so running a backfill
 * again yields the same ids and the views count every event once.
 */
public final class AlertEvents {

    /** Marks a synthesized payload; the mapper lets such events apply to the default branch (metrics.md §2). */
    public static final String MARKER = "alertlake_backfill";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CLOSING_FIELDS = List.of("fixed_at", "dismissed_at", "dismissed_by",
            "dismissed_reason", "dismissed_comment", "auto_dismissed_at", "resolved_at", "resolved_by", "resolution",
            "resolution_comment");

    private AlertEvents() {
    }

    /**
     * @param alert      one element of a repository's alert listing
     * @param repository the repository as {@code /installation/repositories} lists it
     */
    public static List<Delivery> of(AlertType type, JsonNode alert, JsonNode repository, long installationId,
                                    Instant receivedAt) {
        String state = alert.path("state").asText("open");
        String created = text(alert, "created_at");
        String updated = text(alert, "updated_at");
        List<Delivery> out = new ArrayList<>(2);
        ObjectNode atCreation = opened(alert);
        if (created != null) {
            atCreation.put("updated_at", created); // not yet modified: its update time is a later event's
        }
        out.add(event(type, "created", atCreation, created, repository, installationId, receivedAt));
        Close close = close(type, alert, state);
        if (close != null) {
            out.add(event(type, close.action(), alert, close.at(), repository, installationId, receivedAt));
        } else if (updated != null && created != null && Instant.parse(updated).isAfter(Instant.parse(created))) {
            out.add(event(type, "reopened", opened(alert), updated, repository, installationId, receivedAt));
        }
        return out;
    }

    private record Close(String action, String at) {
    }

    /** The webhook action that closes an alert in this state, with its time; null for an open alert. */
    private static Close close(AlertType type, JsonNode alert, String state) {
        return switch (state) {
            case "fixed" -> new Close("fixed", text(alert, "fixed_at"));
            case "dismissed" -> new Close(type == AlertType.CODE_SCANNING ? "closed_by_user" : "dismissed",
                    text(alert, "dismissed_at"));
            case "auto_dismissed" -> new Close("auto_dismissed", text(alert, "auto_dismissed_at"));
            case "resolved" -> new Close("resolved", text(alert, "resolved_at"));
            // a code-scanning "closed" alert is fixed when GitHub recorded a fix time, else dismissed
            case "closed" -> alert.hasNonNull("fixed_at") ? new Close("fixed", text(alert, "fixed_at"))
                    : new Close("closed_by_user", text(alert, "dismissed_at"));
            default -> null;
        };
    }

    /** The alert as it was when it opened: open, without the fields of a later close. */
    private static ObjectNode opened(JsonNode alert) {
        ObjectNode copy = alert.deepCopy();
        copy.put("state", "open");
        CLOSING_FIELDS.forEach(copy::remove);
        return copy;
    }

    private static Delivery event(AlertType type, String action, JsonNode alert, String at, JsonNode repository,
                                  long installationId, Instant receivedAt) {
        ObjectNode a = alert.deepCopy();
        a.remove("secret"); // never store a secret value, even if hide_secret was ignored
        ObjectNode payload = JSON.createObjectNode();
        payload.put("action", action);
        payload.set("alert", a);
        payload.set("repository", repository);
        JsonNode owner = repository.path("owner");
        if ("Organization".equals(owner.path("type").asText())) {
            payload.putObject("organization").put("login", owner.path("login").asText()).put("id", owner.path("id").asLong());
        }
        payload.putObject("installation").put("id", installationId);
        payload.put(MARKER, true);
        String identity = "alertlake-backfill/" + repository.path("id").asLong() + "/" + type.wire() + "/"
                + alert.path("number").asLong() + "/" + action + "/" + at;
        String deliveryId = UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
        try {
            return new Delivery(type.event(), deliveryId, null, null, null, receivedAt, JSON.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
