package io.alertlake.ocsf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.WebhookSignatures;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern CWE_TAG = Pattern.compile("(?i)external/cwe/cwe-0*(\\d+)");
    private static final Pattern CWE_NUMBER = Pattern.compile("CWE-(\\d+)");
    private static final Pattern CVSS_VERSION = Pattern.compile("^CVSS:(\\d+(?:\\.\\d+)?)/");
    /** The severities of metrics.md §5, the values {@code unmapped.severity} takes. */
    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "none");

    /** Secret scanning has no severity of its own: every secret alert gets this one (metrics.md §5). */
    private final String secretSeverity;

    /** A mapper giving secret scanning alerts the default severity, {@code high}. */
    public OcsfMapper() {
        this("high");
    }

    @Inject
    OcsfMapper(AlertlakeConfig config) {
        this(config.consumer().secretSeverity());
    }

    public OcsfMapper(String secretSeverity) {
        if (!SEVERITIES.contains(secretSeverity)) {
            throw new IllegalArgumentException("alertlake.consumer.secret-severity must be one of " + SEVERITIES
                    + ", not '" + secretSeverity + "'");
        }
        this.secretSeverity = secretSeverity;
    }

    public Mapped map(Delivery d) {
        JsonNode payload;
        boolean oneLine;
        try (JsonParser body = JSON.createParser(d.body()); JsonParser parser = PayloadFields.filter(body)) {
            payload = JSON.readTree(parser);
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
        if (type != null) {
            return alert(d, type, payload);
        }
        if (REPOSITORY_EVENTS.contains(d.event())) {
            JsonNode repository = require(d, payload, "repository");
            return new Mapped(List.of(), List.of(repositoryRow(d, payload, repository)));
        }
        return Mapped.NOTHING;
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

        GenericData.Record f = new GenericData.Record(FindingSchema.finding());
        // a secret's new location ("secret_scanning_alert_location", action created) updates an existing alert
        boolean location = "secret_scanning_alert_location".equals(d.event());
        int activity = "created".equals(action) && !location ? 1 : transition != null && transition.closes() ? 3 : 2;
        f.put("activity_id", activity);
        f.put("activity_name", switch (activity) {
            case 1 -> "Create";
            case 3 -> "Close";
            default -> "Update";
        });
        f.put("category_uid", 2);
        f.put("category_name", "Findings");
        f.put("class_uid", type.classUid());
        f.put("class_name", type.className());
        f.put("type_uid", type.classUid() * 100L + activity);
        f.put("type_name", type.className() + ": " + f.get("activity_name"));
        f.put("severity_id", severityId(severity));
        f.put("severity", caption(severity));
        StateAfter state = onDefault ? stateAfter(type, transition, alert) : StateAfter.UNKNOWN;
        f.put("status_id", state.id());
        f.put("status", state.caption());
        f.put("status_code", text(alert, "state"));
        f.put("status_detail", type == AlertType.SECRET_SCANNING ? text(alert, "resolution")
                : text(alert, "dismissed_reason"));
        f.put("comment", type == AlertType.SECRET_SCANNING ? text(alert, "resolution_comment")
                : text(alert, "dismissed_comment"));
        f.put("time", time.time().toEpochMilli());
        f.put("message", type.caption() + " alert #" + number + " "
                + (location ? "found in a new location" : action == null ? "event" : action) + " in " + org + "/" + repo);

        GenericData.Record metadata = Avro.child(f, "metadata");
        metadata.put("uid", d.deliveryId());
        metadata.put("version", FindingSchema.OCSF_VERSION);
        GenericData.Record product = Avro.child(metadata, "product");
        product.put("name", type == AlertType.CODE_SCANNING ? "GitHub code scanning" : "GitHub " + type.caption());
        product.put("vendor_name", "GitHub");
        metadata.put("product", product);
        metadata.put("logged_time", d.receivedAt().toEpochMilli());
        metadata.put("original_time", time.original());
        metadata.put("event_code", d.event());
        metadata.put("log_name", backfill ? "backfill" : "webhook");
        f.put("metadata", metadata);

        f.put("finding_info", findingInfo(f, type, alert, repositoryId, number, tool));
        if (type == AlertType.SECRET_SCANNING) {
            GenericData.Record ds = Avro.child(f, "data_security");
            ds.put("detection_pattern", text(alert, "secret_type"));
            ds.put("data_lifecycle_state_id", 1); // secrets sit in repository contents: data at rest
            ds.put("detection_system_id", 11); // Developer Security: found by scanning source code
            f.put("data_security", ds);
            // where the secret was found: a location event's, else the alert's first (REST listings)
            JsonNode found = payload.path("location").path("details");
            String path = text(found.isMissingNode() ? alert.path("first_location_detected") : found, "path");
            f.put("file", path == null ? null : file(f, path));
        } else {
            f.put("vulnerabilities", List.of(vulnerability(f, type, alert, severity)));
        }
        GenericData.Record resource = Avro.element(f, "resources");
        resource.put("uid", Long.toString(repositoryId));
        resource.put("name", org + "/" + repo);
        resource.put("type", "GitHub Repository");
        resource.put("role_id", 3); // Affected
        f.put("resources", List.of(resource));

        GenericData.Record u = Avro.child(f, "unmapped");
        u.put("event", d.event());
        u.put("action", action);
        u.put("alert_type", type.wire());
        u.put("alert_number", number);
        u.put("repository_id", repositoryId);
        u.put("org", org);
        u.put("repo", repo);
        u.put("transition", transition == null ? null : transition.wire());
        u.put("counts", onDefault);
        u.put("severity", severity);
        u.put("tool", tool);
        u.put("rule", rule(type, alert));
        u.put("ref", text(payload, "ref"));
        u.put("commit_sha", text(payload, "commit_oid"));
        u.put("source", backfill ? "backfill" : "webhook");
        u.put("signature_key", WebhookSignatures.key(d.signature()));
        f.put("unmapped", u);

        PartitionKey partition = new PartitionKey(type.partitionClass(), org, repo, PartitionKey.dayOf(time.time()));
        return new Mapped(List.of(new Mapped.Finding(partition, f)),
                List.of(repositoryRow(d, payload, repository)));
    }

    /** An OCSF file (a regular file) at a repository path, as a child {@code file} of {@code parent}. */
    private static GenericRecord file(GenericRecord parent, String path) {
        GenericData.Record file = Avro.child(parent, "file");
        file.put("name", path.substring(path.lastIndexOf('/') + 1));
        file.put("path", path);
        file.put("type_id", 1);
        return file;
    }

    private GenericRecord findingInfo(GenericRecord f, AlertType type, JsonNode alert, long repositoryId, int number,
                                      String tool) {
        GenericData.Record info = Avro.child(f, "finding_info");
        info.put("uid", repositoryId + "/" + type.wire() + "/" + number);
        info.put("title", title(type, alert));
        info.put("desc", switch (type) {
            case CODE_SCANNING -> text(alert.path("rule"), "full_description");
            case DEPENDABOT -> text(alert.path("security_advisory"), "description");
            case SECRET_SCANNING -> null;
        });
        Instant created = GitHubTimestamps.parse(text(alert, "created_at"));
        info.put("created_time", created == null ? null : created.toEpochMilli());
        Instant updated = GitHubTimestamps.parse(text(alert, "updated_at"));
        info.put("modified_time", updated == null ? null : updated.toEpochMilli());
        info.put("src_url", text(alert, "html_url"));
        info.put("types", List.of(type.caption() + " alert"));
        String rule = rule(type, alert);
        if (rule != null) {
            GenericData.Record analytic = Avro.child(info, "analytic");
            analytic.put("uid", rule);
            analytic.put("name", type == AlertType.CODE_SCANNING ? firstNonBlank(text(alert.path("rule"), "name"),
                    text(alert.path("rule"), "description"), rule) : rule);
            analytic.put("type_id", 1);
            analytic.put("type", "Rule");
            analytic.put("category", type.caption());
            info.put("analytic", analytic);
        }
        GenericData.Record product = Avro.child(info, "product");
        product.put("name", tool);
        product.put("version", type == AlertType.CODE_SCANNING ? text(alert.path("tool"), "version") : null);
        // GitHub's own tools; a third-party code-scanning tool's vendor is not in the payload
        product.put("vendor_name", type != AlertType.CODE_SCANNING || "CodeQL".equals(tool) ? "GitHub" : null);
        info.put("product", product);
        return info;
    }

    /** OCSF 1.4+: a vulnerability carries exactly one of cve, cwe or advisory. */
    private GenericRecord vulnerability(GenericRecord f, AlertType type, JsonNode alert, String severity) {
        GenericData.Record v = Avro.element(f, "vulnerabilities");
        v.put("title", title(type, alert));
        v.put("severity", caption(severity));
        if (type == AlertType.CODE_SCANNING) {
            JsonNode rule = alert.path("rule");
            v.put("desc", text(rule, "full_description"));
            String cwe = firstCwe(rule.path("tags"));
            if (cwe != null) {
                v.put("cwe", cwe(Avro.child(v, "cwe"), cwe, null));
            } else {
                // no CWE: the rule itself is the advisory, so the record stays valid
                GenericData.Record a = Avro.child(v, "advisory");
                a.put("uid", firstNonBlank(text(rule, "id"), "unknown-rule"));
                a.put("title", text(rule, "description"));
                v.put("advisory", a);
            }
            JsonNode location = alert.path("most_recent_instance").path("location");
            if (location.isMissingNode() && alert.path("instances").isArray() && !alert.path("instances").isEmpty()) {
                location = alert.path("instances").get(0).path("location");
            }
            String path = text(location, "path");
            if (path != null) {
                GenericData.Record code = Avro.element(v, "affected_code");
                code.put("file", file(code, path));
                code.put("start_line", intOrNull(location, "start_line"));
                code.put("end_line", intOrNull(location, "end_line"));
                code.put("start_column", intOrNull(location, "start_column"));
                code.put("end_column", intOrNull(location, "end_column"));
                v.put("affected_code", List.of(code));
            }
            v.put("is_fix_available", null);
        } else {
            JsonNode advisory = alert.path("security_advisory");
            JsonNode vulnerable = alert.path("security_vulnerability");
            v.put("desc", text(advisory, "description"));
            String cveId = text(advisory, "cve_id");
            String ghsa = text(advisory, "ghsa_id");
            if (cveId != null) {
                GenericData.Record cve = Avro.child(v, "cve");
                cve.put("uid", cveId);
                cve.put("title", text(advisory, "summary"));
                cve.put("cvss", cvss(cve, advisory));
                cve.put("epss", epss(cve, advisory.path("epss")));
                cve.put("related_cwes", advisoryCwes(cve, advisory.path("cwes")));
                v.put("cve", cve);
                v.put("related_vulnerabilities", ghsa == null ? null : List.of(ghsa));
            } else {
                GenericData.Record a = Avro.child(v, "advisory");
                a.put("uid", firstNonBlank(ghsa, "unknown-advisory"));
                a.put("title", text(advisory, "summary"));
                a.put("src_url", ghsa == null ? null : "https://github.com/advisories/" + ghsa);
                Instant published = GitHubTimestamps.parse(text(advisory, "published_at"));
                a.put("created_time", published == null ? null : published.toEpochMilli());
                a.put("related_cwes", advisoryCwes(a, advisory.path("cwes")));
                v.put("advisory", a);
            }
            JsonNode pkg = alert.path("dependency").path("package");
            String name = firstNonBlank(text(pkg, "name"), text(vulnerable.path("package"), "name"));
            if (name != null) {
                GenericData.Record p = Avro.element(v, "affected_packages");
                p.put("name", name);
                p.put("version", firstNonBlank(text(vulnerable, "vulnerable_version_range"), "unknown"));
                String fixed = text(vulnerable.path("first_patched_version"), "identifier");
                p.put("fixed_in_version", fixed);
                p.put("package_manager", firstNonBlank(text(pkg, "ecosystem"), text(vulnerable.path("package"), "ecosystem")));
                p.put("path", text(alert.path("dependency"), "manifest_path"));
                v.put("affected_packages", List.of(p));
                v.put("is_fix_available", fixed != null);
            }
        }
        return v;
    }

    /** A CWE: its id ({@code CWE-79}), name when known, and MITRE's page. */
    private static GenericRecord cwe(GenericData.Record c, String uid, String name) {
        c.put("uid", uid);
        c.put("caption", name);
        Matcher number = CWE_NUMBER.matcher(uid);
        c.put("src_url", number.matches() ? "https://cwe.mitre.org/data/definitions/" + number.group(1) + ".html" : null);
        return c;
    }

    /** An advisory's CWEs ({@code security_advisory.cwes}: {@code cwe_id} and {@code name}), or null for none. */
    private static List<GenericRecord> advisoryCwes(GenericRecord owner, JsonNode cwes) {
        if (!cwes.isArray() || cwes.isEmpty()) {
            return null;
        }
        List<GenericRecord> out = new ArrayList<>();
        for (JsonNode c : cwes) {
            String id = text(c, "cwe_id");
            if (id != null) {
                out.add(cwe(Avro.element(owner, "related_cwes"), id, text(c, "name")));
            }
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * GitHub's EPSS: an object {@code {percentage, percentile}} (REST and current webhooks; an array of one in
     * older payloads), numbers or numeric strings such as {@code "0.16001e0"}. OCSF's score is a string: the
     * probability in plain notation.
     */
    private static GenericRecord epss(GenericRecord cve, JsonNode epss) {
        JsonNode e = epss.isArray() ? epss.path(0) : epss;
        BigDecimal score = decimal(e.get("percentage"));
        if (score == null) {
            return null;
        }
        GenericData.Record r = Avro.child(cve, "epss");
        r.put("score", score.stripTrailingZeros().toPlainString());
        BigDecimal percentile = decimal(e.get("percentile"));
        r.put("percentile", percentile == null ? null : percentile.doubleValue());
        return r;
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        try {
            return new BigDecimal(n.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The advisory's CVSS scores: {@code cvss_severities} (v3 and v4, each when scored), else the older single
     * {@code cvss}. The version comes from the vector ({@code CVSS:3.1/…}); a score without a vector has none to
     * give, so it is left out rather than given a guessed version.
     */
    private static List<GenericRecord> cvss(GenericRecord cve, JsonNode advisory) {
        JsonNode severities = advisory.path("cvss_severities");
        List<JsonNode> scored = List.of(severities.path("cvss_v3"), severities.path("cvss_v4"));
        if (scored.stream().noneMatch(OcsfMapper::isScored)) {
            scored = List.of(advisory.path("cvss"));
        }
        List<GenericRecord> out = new ArrayList<>();
        for (JsonNode c : scored) {
            String vector = text(c, "vector_string");
            Matcher m = vector == null ? null : CVSS_VERSION.matcher(vector);
            if (isScored(c) && m != null && m.find()) {
                GenericData.Record r = Avro.element(cve, "cvss");
                r.put("base_score", c.get("score").asDouble());
                r.put("version", m.group(1));
                r.put("vector_string", vector);
                out.add(r);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static boolean isScored(JsonNode cvss) {
        return cvss.hasNonNull("score") && cvss.get("score").asDouble() > 0;
    }

    private static GenericRecord repositoryRowRecord(long id, String org, String repo, String event, String action,
                                                     Instant time, Instant received, String deliveryId) {
        GenericData.Record r = new GenericData.Record(FindingSchema.repository());
        r.put("repository_id", id);
        r.put("org", org);
        r.put("repo", repo);
        r.put("event", event);
        r.put("action", action);
        r.put("time", time.toEpochMilli());
        r.put("received_time", received.toEpochMilli());
        r.put("delivery_id", deliveryId);
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

    private static String firstCwe(JsonNode tags) {
        if (tags.isArray()) {
            for (JsonNode tag : tags) {
                Matcher m = CWE_TAG.matcher(tag.asText());
                if (m.find()) {
                    return "CWE-" + m.group(1);
                }
            }
        }
        return null;
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

    private static Integer intOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) && node.get(field).canConvertToInt() ? node.get(field).asInt() : null;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
