package io.alertlake.ocsf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.OrgScope;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.WebhookSignatures;
import io.alertlake.ocsf.OcsfFields.Analytic;
import io.alertlake.ocsf.OcsfFields.DataSecurity;
import io.alertlake.ocsf.OcsfFields.Finding;
import io.alertlake.ocsf.OcsfFields.FindingInfo;
import io.alertlake.ocsf.OcsfFields.Metadata;
import io.alertlake.ocsf.OcsfFields.Product;
import io.alertlake.ocsf.OcsfFields.Repository;
import io.alertlake.ocsf.OcsfFields.Resource;
import io.alertlake.ocsf.OcsfFields.Unmapped;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.alertlake.ocsf.AlertSemantics.firstNonBlank;
import static io.alertlake.ocsf.AlertSemantics.text;

/**
 * Maps one webhook delivery to OCSF 1.8.0 records (docs/ocsf-mapping.md). Alert events become one finding
 * each plus a repository name record; {@code repository} events only a repository record; installation events
 * nothing (they stay in the raw archive). A delivery that cannot be mapped throws
 * {@link UnmappableDeliveryException}, and the consumer quarantines it.
 *
 * <p>Secret values are never copied: the mapper reads named fields only, and secret scanning's
 * {@code alert.secret} is not one of them; the payload's tree is built from the fields it reads
 * ({@link PayloadFields}), so the secret is not even parsed into it.
 */
@Singleton
public class OcsfMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REPOSITORY_EVENTS = Set.of("repository");
    /** The severities of metrics.md §5, the values {@code unmapped.severity} takes. */
    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "none");

    /** Secret scanning has no severity of its own: every secret alert gets this one (metrics.md §5). */
    private final String secretSeverity;
    /** The orgs whose deliveries are mapped ({@code alertlake.github.orgs}). */
    private final OrgScope orgs;

    /** A mapper giving secret scanning alerts the default severity, {@code high}. */
    public OcsfMapper() {
        this("high");
    }

    @Inject
    OcsfMapper(AlertlakeConfig config) {
        this(config.consumer().secretSeverity(), config.github().orgs().orElse(Set.of()));
    }

    public OcsfMapper(String secretSeverity) {
        this(secretSeverity, Set.of());
    }

    /** @param orgs the orgs (or users) whose deliveries are mapped, in any case; empty: every one */
    public OcsfMapper(String secretSeverity, Set<String> orgs) {
        String severity = secretSeverity.trim().toLowerCase(java.util.Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("alertlake.consumer.secret-severity must be one of " + SEVERITIES
                    + ", not '" + secretSeverity + "'");
        }
        this.secretSeverity = severity;
        this.orgs = OrgScope.of(orgs);
    }

    public Mapped map(Delivery d) {
        JsonNode payload;
        boolean oneLine;
        try (JsonParser body = JSON.createParser(d.body())) {
            payload = PayloadFields.read(body);
            oneLine = isOneLineObject(d.body(), body);
        } catch (IOException | RuntimeException e) {
            throw new UnmappableDeliveryException("delivery " + d.deliveryId() + " (" + d.event()
                    + ") is not JSON: " + e.getMessage());
        }
        Mapped mapped = map(d, payload);
        return oneLine ? mapped.onOneLine() : mapped;
    }

    /**
     * Whether the body just parsed, up to the end of its root value, is one JSON object on one line with nothing
     * around it: it starts with '{', the parser met no line break, and nothing follows the object but its last
     * byte. The parse went through every token of it (what the filter leaves out is skipped token by token), so
     * such a body is well-formed JSON that a line of the raw archive can hold as it is.
     */
    private static boolean isOneLineObject(byte[] bytes, JsonParser body) {
        if (bytes.length < 2 || bytes[0] != '{' || bytes[bytes.length - 1] != '}') {
            return false;
        }
        try {
            return body.nextToken() == null && body.currentLocation().getLineNr() == 1;
        } catch (IOException | RuntimeException trailing) {
            return false; // more than one value: mapped from the first, as before, but archived as text
        }
    }

    /** Maps a delivery whose payload is already parsed (tests pass the whole tree, unfiltered). */
    Mapped map(Delivery d, JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new UnmappableDeliveryException("delivery " + d.deliveryId() + " (" + d.event()
                    + ") is not a JSON object");
        }
        AlertType type = AlertType.ofEvent(d.event());
        if (type != null || REPOSITORY_EVENTS.contains(d.event())) {
            requireInScope(d, payload);
        }
        if (type != null) {
            return alert(d, type, payload);
        }
        if (REPOSITORY_EVENTS.contains(d.event())) {
            JsonNode repository = require(d, payload, "repository");
            return new Mapped(List.of(), List.of(repositoryRow(d, payload, repository)));
        }
        return Mapped.NOTHING;
    }

    /**
     * A delivery of an org outside {@code alertlake.github.orgs} (another installation of the App: a public App can
     * be installed by anyone) is not counted: it is quarantined, as it stays in the raw archive, and a replay after
     * the setting is widened maps it.
     */
    private void requireInScope(Delivery d, JsonNode payload) {
        String org = AlertSemantics.org(payload);
        if (org != null && !orgs.includes(org)) {
            throw new UnmappableDeliveryException("delivery " + d.deliveryId() + " (" + d.event() + ") is of " + org
                    + ", outside alertlake.github.orgs: not counted (widen the setting and replay to count it)");
        }
    }

    private Mapped alert(Delivery d, AlertType type, JsonNode payload) {
        JsonNode alert = require(d, payload, "alert");
        JsonNode repository = require(d, payload, "repository");
        if (!alert.hasNonNull("number") || !repository.hasNonNull("id") || !repository.hasNonNull("name")) {
            throw new UnmappableDeliveryException("delivery " + d.deliveryId() + " (" + d.event()
                    + ") lacks alert.number, repository.id or repository.name");
        }
        if (!alert.has(type.ownField())) { // e.g. a Dependabot payload sent as code_scanning_alert
            throw new UnmappableDeliveryException("delivery " + d.deliveryId() + " (" + d.event() + ") has no alert."
                    + type.ownField() + ": its payload is not a " + d.event() + "'s");
        }
        String org = AlertSemantics.org(payload);
        if (org == null) {
            throw new UnmappableDeliveryException("delivery " + d.deliveryId() + " names neither an organization "
                    + "nor a repository owner");
        }
        String action = text(payload, "action");
        boolean backfill = payload.path("alertlake_backfill").asBoolean(false);
        boolean onDefault = AlertSemantics.onDefaultBranch(type, action, payload, backfill);
        Transition onItsBranch = AlertSemantics.transition(type, d.event(), action, alert);
        Transition transition = onDefault ? onItsBranch : null;
        // when the event happened, on whichever branch: a creation in a pull request was created at its created_at,
        // though only the default branch's events move the alert's state
        AlertSemantics.Timed time = AlertSemantics.eventTime(onItsBranch, action, alert, d.receivedAt());
        String severity = AlertSemantics.severity(type, alert, secretSeverity);
        String tool = AlertSemantics.tool(type, alert);
        long repositoryId = repository.get("id").asLong();
        int number = alert.get("number").asInt();
        String repo = repository.get("name").asText();

        GenericData.Record f = new GenericData.Record(Finding.SCHEMA);
        // a secret's new location ("secret_scanning_alert_location", action created) updates an existing alert
        boolean location = "secret_scanning_alert_location".equals(d.event());
        int activity = "created".equals(action) && !location ? 1 : transition != null && transition.closes() ? 3 : 2;
        f.put(Finding.ACTIVITY_ID, activity);
        f.put(Finding.ACTIVITY_NAME, AlertType.activityName(activity));
        f.put(Finding.CATEGORY_UID, 2);
        f.put(Finding.CATEGORY_NAME, "Findings");
        f.put(Finding.CLASS_UID, type.classUid());
        f.put(Finding.CLASS_NAME, type.className());
        f.put(Finding.TYPE_UID, type.classUid() * 100L + activity);
        f.put(Finding.TYPE_NAME, type.typeName(activity));
        f.put(Finding.SEVERITY_ID, severityId(severity));
        f.put(Finding.SEVERITY, caption(severity));
        StateAfter state = onDefault ? stateAfter(type, transition, alert) : StateAfter.UNKNOWN;
        f.put(Finding.STATUS_ID, state.id());
        f.put(Finding.STATUS, state.caption());
        f.put(Finding.STATUS_CODE, text(alert, "state"));
        f.put(Finding.STATUS_DETAIL, type == AlertType.SECRET_SCANNING ? text(alert, "resolution")
                : text(alert, "dismissed_reason"));
        f.put(Finding.COMMENT, type == AlertType.SECRET_SCANNING ? text(alert, "resolution_comment")
                : text(alert, "dismissed_comment"));
        f.put(Finding.TIME, time.time().toEpochMilli());
        f.put(Finding.MESSAGE, type.caption() + " alert #" + number + " "
                + (location ? "found in a new location" : action == null ? "event" : action) + " in " + org + "/" + repo);

        GenericData.Record metadata = new GenericData.Record(Metadata.SCHEMA);
        metadata.put(Metadata.UID, d.deliveryId());
        metadata.put(Metadata.VERSION, FindingSchema.OCSF_VERSION);
        GenericData.Record product = new GenericData.Record(Product.SCHEMA);
        product.put(Product.NAME, type.productName());
        product.put(Product.VENDOR_NAME, "GitHub");
        metadata.put(Metadata.PRODUCT, product);
        metadata.put(Metadata.LOGGED_TIME, d.receivedAt().toEpochMilli());
        metadata.put(Metadata.ORIGINAL_TIME, time.original());
        metadata.put(Metadata.EVENT_CODE, d.event());
        metadata.put(Metadata.LOG_NAME, backfill ? "backfill" : "webhook");
        f.put(Finding.METADATA, metadata);

        f.put(Finding.FINDING_INFO, findingInfo(type, alert, repositoryId, number, tool));
        if (type == AlertType.SECRET_SCANNING) {
            GenericData.Record ds = new GenericData.Record(DataSecurity.SCHEMA);
            ds.put(DataSecurity.DETECTION_PATTERN, text(alert, "secret_type"));
            ds.put(DataSecurity.DATA_LIFECYCLE_STATE_ID, 1); // secrets sit in repository contents: data at rest
            ds.put(DataSecurity.DETECTION_SYSTEM_ID, 11); // Developer Security: found by scanning source code
            f.put(Finding.DATA_SECURITY, ds);
            // where the secret was found: a location event's, else the alert's first (REST listings)
            JsonNode where = payload.path("location");
            JsonNode found = where.isMissingNode() ? alert.path("first_location_detected") : where.path("details");
            // a wiki page's path (a wiki_commit location, whose details link the page) names no file of the repository
            boolean wiki = "wiki_commit".equals(text(where, "type")) || found.has("page_url");
            String path = wiki ? null : text(found, "path");
            f.put(Finding.FILE, path == null ? null : Avro.file(path));
        } else {
            f.put(Finding.VULNERABILITIES, List.of(Vulnerabilities.of(type, alert, title(type, alert), caption(severity))));
        }
        GenericData.Record resource = new GenericData.Record(Resource.SCHEMA);
        resource.put(Resource.UID, Long.toString(repositoryId));
        resource.put(Resource.NAME, org + "/" + repo);
        resource.put(Resource.TYPE, "GitHub Repository");
        resource.put(Resource.ROLE_ID, 3); // Affected
        f.put(Finding.RESOURCES, List.of(resource));

        GenericData.Record u = new GenericData.Record(Unmapped.SCHEMA);
        u.put(Unmapped.EVENT, d.event());
        u.put(Unmapped.ACTION, action);
        u.put(Unmapped.ALERT_TYPE, type.wire());
        u.put(Unmapped.ALERT_NUMBER, number);
        u.put(Unmapped.REPOSITORY_ID, repositoryId);
        u.put(Unmapped.ORG, org);
        u.put(Unmapped.REPO, repo);
        u.put(Unmapped.TRANSITION, transition == null ? null : transition.wire());
        u.put(Unmapped.COUNTS, onDefault);
        u.put(Unmapped.SEVERITY, severity);
        u.put(Unmapped.TOOL, tool);
        u.put(Unmapped.RULE, rule(type, alert));
        u.put(Unmapped.REF, text(payload, "ref"));
        u.put(Unmapped.COMMIT_SHA, text(payload, "commit_oid"));
        u.put(Unmapped.SOURCE, backfill ? "backfill" : "webhook");
        u.put(Unmapped.SIGNATURE_KEY, WebhookSignatures.key(d.signature()));
        f.put(Finding.UNMAPPED, u);
        SharedText.shareAll(f); // the batch holds the record until its flush: one copy of each repeated text

        PartitionKey partition = new PartitionKey(type.partitionClass(), org, repo, PartitionKey.dayOf(time.time()));
        return new Mapped(List.of(new Mapped.Finding(partition, f)),
                List.of(repositoryRow(d, payload, repository)));
    }

    private GenericRecord findingInfo(AlertType type, JsonNode alert, long repositoryId, int number,
                                      String tool) {
        GenericData.Record info = new GenericData.Record(FindingInfo.SCHEMA);
        info.put(FindingInfo.UID, repositoryId + "/" + type.wire() + "/" + number);
        info.put(FindingInfo.TITLE, title(type, alert));
        info.put(FindingInfo.DESC, switch (type) {
            case CODE_SCANNING -> text(alert.path("rule"), "full_description");
            case DEPENDABOT -> text(alert.path("security_advisory"), "description");
            case SECRET_SCANNING -> null;
        });
        info.put(FindingInfo.CREATED_TIME, GitHubTimestamps.epochMillis(text(alert, "created_at")));
        info.put(FindingInfo.MODIFIED_TIME, GitHubTimestamps.epochMillis(text(alert, "updated_at")));
        info.put(FindingInfo.SRC_URL, text(alert, "html_url"));
        info.put(FindingInfo.TYPES, type.findingTypes());
        String rule = rule(type, alert);
        if (rule != null) {
            GenericData.Record analytic = new GenericData.Record(Analytic.SCHEMA);
            analytic.put(Analytic.UID, rule);
            analytic.put(Analytic.NAME, type == AlertType.CODE_SCANNING ? firstNonBlank(text(alert.path("rule"), "name"),
                    text(alert.path("rule"), "description"), rule) : rule);
            analytic.put(Analytic.TYPE_ID, 1);
            analytic.put(Analytic.TYPE, "Rule");
            analytic.put(Analytic.CATEGORY, type.caption());
            info.put(FindingInfo.ANALYTIC, analytic);
        }
        GenericData.Record product = new GenericData.Record(Product.SCHEMA);
        product.put(Product.NAME, tool);
        product.put(Product.VERSION, type == AlertType.CODE_SCANNING ? text(alert.path("tool"), "version") : null);
        // GitHub's own tools; a third-party code-scanning tool's vendor is not in the payload
        product.put(Product.VENDOR_NAME, type != AlertType.CODE_SCANNING || "CodeQL".equals(tool) ? "GitHub" : null);
        info.put(FindingInfo.PRODUCT, product);
        return info;
    }

    private static GenericRecord repositoryRowRecord(long id, String org, String repo, String event, String action,
                                                     Instant time, Instant received, String deliveryId) {
        GenericData.Record r = new GenericData.Record(Repository.SCHEMA);
        r.put(Repository.REPOSITORY_ID, id);
        r.put(Repository.ORG, org);
        r.put(Repository.REPO, repo);
        r.put(Repository.EVENT, event);
        r.put(Repository.ACTION, action);
        r.put(Repository.TIME, time.toEpochMilli());
        r.put(Repository.RECEIVED_TIME, received.toEpochMilli());
        r.put(Repository.DELIVERY_ID, deliveryId);
        return r;
    }

    private static Mapped.RepositoryRow repositoryRow(Delivery d, JsonNode payload, JsonNode repository) {
        String org = AlertSemantics.org(payload);
        if (!repository.hasNonNull("id") || !repository.hasNonNull("name") || org == null) {
            throw new UnmappableDeliveryException("delivery " + d.deliveryId() + " (" + d.event()
                    + ") lacks repository.id, repository.name or an owner");
        }
        return new Mapped.RepositoryRow(PartitionKey.dayOf(d.receivedAt()), repositoryRowRecord(
                repository.get("id").asLong(), org, repository.get("name").asText(), d.event(),
                text(payload, "action"), d.receivedAt(), d.receivedAt(), d.deliveryId()));
    }

    private static String title(AlertType type, JsonNode alert) {
        return switch (type) {
            case CODE_SCANNING -> firstNonBlank(text(alert.path("rule"), "description"), text(alert.path("rule"), "id"));
            case DEPENDABOT -> firstNonBlank(text(alert.path("security_advisory"), "summary"),
                    text(alert.path("security_advisory"), "ghsa_id"));
            case SECRET_SCANNING -> firstNonBlank(text(alert, "secret_type_display_name"), text(alert, "secret_type"),
                    "Secret scanning alert");
        };
    }

    private static String rule(AlertType type, JsonNode alert) {
        return switch (type) {
            case CODE_SCANNING -> text(alert.path("rule"), "id");
            case DEPENDABOT -> text(alert.path("security_advisory"), "ghsa_id");
            case SECRET_SCANNING -> text(alert, "secret_type");
        };
    }

    private record StateAfter(int id, String caption) {
        /**
         * Also the status of an event on another branch than the default: the alert's state (the default branch's)
         * is not in it, and the payload's {@code alert.state} is the branch's (kept in {@code status_code}).
         */
        static final StateAfter UNKNOWN = new StateAfter(0, "Unknown");
    }

    /** OCSF status after the event: New (open), Resolved (fixed), Suppressed (dismissed), else Unknown. */
    private static StateAfter stateAfter(AlertType type, Transition transition, JsonNode alert) {
        String state;
        if (transition != null && !transition.onlyIfNew()) {
            state = transition.wire();
        } else if (type == AlertType.SECRET_SCANNING) {
            String raw = text(alert, "state");
            state = raw == null ? null : "open".equals(raw) ? "open"
                    : "revoked".equals(text(alert, "resolution")) ? "fixed" : "dismissed";
        } else {
            String raw = text(alert, "state");
            state = raw == null ? null : raw.equals("auto_dismissed") ? "dismissed" : raw;
        }
        if (state == null) {
            return StateAfter.UNKNOWN;
        }
        return switch (state) {
            case "open" -> new StateAfter(1, "New");
            case "fixed" -> new StateAfter(4, "Resolved");
            case "dismissed" -> new StateAfter(3, "Suppressed");
            default -> new StateAfter(0, "Unknown");
        };
    }

    private static int severityId(String severity) {
        return switch (severity) {
            case "critical" -> 5;
            case "high" -> 4;
            case "medium" -> 3;
            case "low" -> 2;
            default -> 1; // none: Informational
        };
    }

    private static String caption(String severity) {
        return switch (severity) {
            case "critical" -> "Critical";
            case "high" -> "High";
            case "medium" -> "Medium";
            case "low" -> "Low";
            default -> "Informational";
        };
    }

    private static JsonNode require(Delivery d, JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        if (node == null || !node.isObject()) {
            throw new UnmappableDeliveryException("delivery " + d.deliveryId() + " (" + d.event() + ") has no '"
                    + field + "' object");
        }
        return node;
    }
}
