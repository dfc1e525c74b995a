package io.alertlake.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.util.Set;

/**
 * The alert rules of metrics.md §1–5, applied to one webhook payload: identity, which state the event moves
 * the alert to (with the code-scanning default-branch rule), when that happened, severity and tool.
 */
public final class AlertSemantics {

    private static final Set<String> CODE_SCANNING_OPEN = Set.of("created", "reopened", "reopened_by_user");
    private static final Set<String> DEPENDABOT_OPEN = Set.of("created", "reopened", "auto_reopened", "reintroduced");
    private static final Set<String> USER_ACTIONS = Set.of("closed_by_user", "reopened_by_user");
    private static final Set<String> FALSE_POSITIVE = Set.of("false positive", "false_positive", "inaccurate");

    private AlertSemantics() {
    }

    /** §1: {@code organization.login}, else the owner of a user-owned repository. */
    public static String org(JsonNode payload) {
        return firstNonBlank(text(payload.path("organization"), "login"),
                text(payload.path("repository").path("owner"), "login"));
    }

    /** §2: the transition of this event before the branch rule, or null for "no state change". */
    static Transition transition(AlertType type, String event, String action, JsonNode alert) {
        if ("secret_scanning_alert_location".equals(event) || action == null) {
            return null;
        }
        return switch (type) {
            case CODE_SCANNING -> {
                Transition byAction = switch (action) {
                    case "created", "reopened", "reopened_by_user" -> Transition.OPEN;
                    case "appeared_in_branch" -> Transition.OPEN_IF_NEW;
                    case "fixed" -> Transition.FIXED;
                    case "closed_by_user" -> Transition.DISMISSED;
                    default -> null;
                };
                yield byAction == null ? null : authoritative(alert, byAction);
            }
            case DEPENDABOT -> {
                Transition byAction = DEPENDABOT_OPEN.contains(action) ? Transition.OPEN
                        : "fixed".equals(action) ? Transition.FIXED
                        : "dismissed".equals(action) || "auto_dismissed".equals(action) ? Transition.DISMISSED
                        : null;
                yield byAction == null ? null : authoritative(alert, byAction);
            }
            case SECRET_SCANNING -> switch (action) {
                case "created", "reopened" -> Transition.OPEN;
                case "revoked" -> Transition.FIXED; // legacy action, still accepted
                case "resolved" -> "revoked".equals(text(alert, "resolution")) ? Transition.FIXED : Transition.DISMISSED;
                default -> null;
            };
        };
    }

    /**
     * §2: for a state-changing code-scanning or Dependabot action, {@code alert.state} decides when present;
     * a null state (code scanning outside the default branch) changes nothing. {@code appeared_in_branch} stays
     * a change of an alert with no earlier state only, whichever state it names.
     */
    private static Transition authoritative(JsonNode alert, Transition byAction) {
        if (!alert.has("state")) {
            return byAction;
        }
        JsonNode state = alert.get("state");
        if (state.isNull()) {
            return null;
        }
        Transition byState = switch (state.asText()) {
            case "open" -> Transition.OPEN;
            case "fixed" -> Transition.FIXED;
            case "dismissed", "auto_dismissed" -> Transition.DISMISSED;
            default -> byAction;
        };
        return byAction.onlyIfNew() ? byState.ifNew() : byState;
    }

    /**
     * §2 branch rule: a code-scanning event changes state only on the default branch (or with an empty ref);
     * user actions apply to the alert as a whole, and backfilled events always describe the default branch.
     */
    static boolean onDefaultBranch(AlertType type, String action, JsonNode payload, boolean backfill) {
        if (type != AlertType.CODE_SCANNING || backfill || USER_ACTIONS.contains(action)) {
            return true;
        }
        String ref = text(payload, "ref");
        if (ref == null || ref.isEmpty()) {
            return true;
        }
        String defaultBranch = text(payload.path("repository"), "default_branch");
        return defaultBranch != null && ref.equals("refs/heads/" + defaultBranch);
    }

    /**
     * §3: when the transition happened, and the payload text it came from (null: the receive time). A creation is
     * timed by {@code created_at} even when its null state changes nothing (code scanning in a pull request). A
     * reopening's {@code updated_at} is taken only when it comes after the alert's creation: GitHub's own example of
     * a code-scanning reopen carries its creation instant there, which would sort the reopen before the close it
     * undoes.
     */
    static Timed eventTime(Transition transition, String action, JsonNode alert, Instant receivedAt) {
        String field = null;
        Transition to = transition == null ? null : transition.state();
        boolean noState = alert.has("state") && alert.get("state").isNull(); // code scanning off the default branch
        if ("created".equals(action) && (to == Transition.OPEN || to == null && noState)) {
            field = "created_at";
        } else if (to == Transition.FIXED) {
            field = alert.hasNonNull("fixed_at") ? "fixed_at" : alert.hasNonNull("resolved_at") ? "resolved_at" : null;
        } else if (to == Transition.DISMISSED) {
            boolean auto = "auto_dismissed".equals(action) || "auto_dismissed".equals(text(alert, "state"));
            field = auto && alert.hasNonNull("auto_dismissed_at") ? "auto_dismissed_at"
                    : alert.hasNonNull("dismissed_at") ? "dismissed_at"
                    : alert.hasNonNull("resolved_at") ? "resolved_at" : null;
        } else if (to == Transition.OPEN) {
            field = "updated_at";
        }
        Instant at = field == null ? null : GitHubTimestamps.parse(text(alert, field));
        if (at != null && "updated_at".equals(field)) {
            Instant created = GitHubTimestamps.parse(text(alert, "created_at"));
            if (created != null && !at.isAfter(created)) {
                at = null;
            }
        }
        return at == null ? new Timed(receivedAt, null) : new Timed(at, text(alert, field));
    }

    record Timed(Instant time, String original) {
    }

    /** §5: critical, high, medium, low or none; secret scanning alerts, which have none, get the configured one. */
    static String severity(AlertType type, JsonNode alert, String secretSeverity) {
        return switch (type) {
            case CODE_SCANNING -> {
                String level = text(alert.path("rule"), "security_severity_level");
                if (level != null && Set.of("critical", "high", "medium", "low").contains(level)) {
                    yield level;
                }
                yield switch (String.valueOf(text(alert.path("rule"), "severity"))) {
                    case "error" -> "high";
                    case "warning" -> "medium";
                    case "note" -> "low";
                    default -> "none";
                };
            }
            case DEPENDABOT -> {
                String s = text(alert.path("security_advisory"), "severity");
                if (s == null) {
                    s = text(alert.path("security_vulnerability"), "severity");
                }
                yield s == null ? "none" : switch (s) {
                    case "critical", "high", "low" -> s;
                    case "moderate", "medium" -> "medium";
                    default -> "none";
                };
            }
            case SECRET_SCANNING -> secretSeverity;
        };
    }

    /** §5: the code-scanning tool's name, {@code Dependabot} or {@code Secret scanning}. */
    static String tool(AlertType type, JsonNode alert) {
        if (type == AlertType.CODE_SCANNING) {
            return firstNonBlank(text(alert.path("tool"), "name"), "Code scanning");
        }
        return type.caption();
    }

    /** §4: reasons GitHub users give for a false positive. */
    public static boolean isFalsePositive(String reason) {
        return reason != null && FALSE_POSITIVE.contains(reason);
    }

    /** A field's text; null when it is missing, null or not a scalar. */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v instanceof TextNode t) { // most values: one type check instead of three calls on any kind of node
            return t.textValue();
        }
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    /** A field's integer; null when it is missing or not one. */
    static Integer intOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) && node.get(field).canConvertToInt() ? node.get(field).asInt() : null;
    }

    /** The first value that holds more than blanks (GitHub sends {@code ""} for some missing names), or null. */
    static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
