package io.alertlake.ocsf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.alertlake.ocsf.AlertType.CODE_SCANNING;
import static io.alertlake.ocsf.AlertType.DEPENDABOT;
import static io.alertlake.ocsf.AlertType.SECRET_SCANNING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * metrics.md §2 (which state each event leaves the alert in) and §3 (when that happened), row by row, on
 * payloads that carry only the fields the rules read.
 */
class AlertSemanticsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-05-05T12:00:00Z");

    /** An alert object; "-" leaves {@code state} out, "null" makes it JSON null. */
    private static ObjectNode alert(String state) {
        ObjectNode a = JSON.createObjectNode();
        if ("null".equals(state)) {
            a.putNull("state");
        } else if (!"-".equals(state)) {
            a.put("state", state);
        }
        return a;
    }

    private static String transition(AlertType type, String action, ObjectNode alert) {
        Transition t = AlertSemantics.transition(type, type.event(), action, alert);
        return t == null ? "none" : t.wire();
    }

    @ParameterizedTest(name = "{0} {1}, alert.state {2} -> {3}")
    @CsvSource({
            // code scanning: the action without alert.state, alert.state when present, null state changes nothing
            "CODE_SCANNING, created, -, open",
            "CODE_SCANNING, reopened, -, open",
            "CODE_SCANNING, reopened_by_user, -, open",
            "CODE_SCANNING, appeared_in_branch, -, open_if_new",
            "CODE_SCANNING, appeared_in_branch, fixed, fixed_if_new",
            "CODE_SCANNING, fixed, -, fixed",
            "CODE_SCANNING, closed_by_user, -, dismissed",
            "CODE_SCANNING, closed_by_user, dismissed, dismissed",
            "CODE_SCANNING, reopened, fixed, fixed",
            "CODE_SCANNING, fixed, null, none",
            "CODE_SCANNING, updated_assignment, dismissed, none",
            "CODE_SCANNING, some_future_action, open, none",
            // Dependabot
            "DEPENDABOT, created, open, open",
            "DEPENDABOT, reopened, -, open",
            "DEPENDABOT, auto_reopened, -, open",
            "DEPENDABOT, reintroduced, -, open",
            "DEPENDABOT, fixed, -, fixed",
            "DEPENDABOT, dismissed, -, dismissed",
            "DEPENDABOT, auto_dismissed, auto_dismissed, dismissed",
            "DEPENDABOT, auto_dismissed, -, dismissed",
            "DEPENDABOT, dismissed, open, open",
            "DEPENDABOT, assignees_changed, fixed, none",
            // secret scanning: alert.state is not read; the resolution decides fixed or dismissed
            "SECRET_SCANNING, created, open, open",
            "SECRET_SCANNING, reopened, open, open",
            "SECRET_SCANNING, validated, resolved, none",
            "SECRET_SCANNING, publicly_leaked, open, none",
            "SECRET_SCANNING, assigned, open, none",
    })
    void stateAfterTheEvent(AlertType type, String action, String state, String expected) {
        assertThat(transition(type, action, alert(state))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "resolved as {0} -> {1}")
    @CsvSource({"revoked, fixed", "false_positive, dismissed", "wont_fix, dismissed", "used_in_tests, dismissed",
            "pattern_edited, dismissed", "pattern_deleted, dismissed"})
    void secretScanningResolutionDecides(String resolution, String expected) {
        ObjectNode a = alert("resolved");
        a.put("resolution", resolution);
        assertThat(transition(SECRET_SCANNING, "resolved", a)).isEqualTo(expected);
    }

    @Test
    void aSecretsNewLocationChangesNothing() {
        assertThat(AlertSemantics.transition(SECRET_SCANNING, "secret_scanning_alert_location", "created",
                alert("open"))).isNull();
    }

    @Test
    void eventTimeIsTheFieldGitHubRecordedForTheTransition() {
        ObjectNode a = alert("-");
        a.put("created_at", "2026-01-01T00:00:00Z");
        a.put("updated_at", "2026-02-02T00:00:00Z");
        a.put("fixed_at", "2026-03-03T00:00:00Z");
        a.put("dismissed_at", "2026-04-04T00:00:00Z");
        a.put("auto_dismissed_at", "2026-04-05T00:00:00Z");
        a.put("resolved_at", "2026-04-06T00:00:00Z");
        assertThat(time(Transition.OPEN, "created", a)).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(time(Transition.OPEN, "reopened", a)).isEqualTo("2026-02-02T00:00:00Z");
        assertThat(time(Transition.OPEN_IF_NEW, "appeared_in_branch", a)).isEqualTo("2026-02-02T00:00:00Z");
        assertThat(time(Transition.FIXED, "fixed", a)).isEqualTo("2026-03-03T00:00:00Z");
        assertThat(time(Transition.FIXED_IF_NEW, "appeared_in_branch", a)).isEqualTo("2026-03-03T00:00:00Z");
        assertThat(time(Transition.DISMISSED, "dismissed", a)).isEqualTo("2026-04-04T00:00:00Z");
        assertThat(time(Transition.DISMISSED, "auto_dismissed", a)).isEqualTo("2026-04-05T00:00:00Z");
        a.remove("fixed_at");
        a.remove("dismissed_at");
        // a secret's resolution carries resolved_at only
        assertThat(time(Transition.FIXED, "resolved", a)).isEqualTo("2026-04-06T00:00:00Z");
        assertThat(time(Transition.DISMISSED, "resolved", a)).isEqualTo("2026-04-06T00:00:00Z");
    }

    @Test
    void withoutTheFieldTheReceiveTimeIsTheEventTime() {
        // code-scanning fixes carry no fixed_at; an event that changes nothing has no field of its own
        assertThat(time(Transition.FIXED, "fixed", alert("fixed"))).isEqualTo(RECEIVED.toString());
        ObjectNode a = alert("open");
        a.put("updated_at", "2026-02-02T00:00:00Z");
        assertThat(time(null, "updated_assignment", a)).isEqualTo(RECEIVED.toString());
    }

    @Test
    void aCreationIsTimedByItsCreatedAtEvenWhenItChangesNoState() {
        // code scanning in a pull request: a null state, no transition, still the alert's creation
        ObjectNode a = alert("-");
        a.putNull("state");
        a.put("created_at", "2026-01-01T00:00:00Z");
        assertThat(time(null, "created", a)).isEqualTo("2026-01-01T00:00:00Z");
        // a Dependabot alert dismissed by an auto-triage rule as it is created: when the rule dismissed it
        ObjectNode auto = alert("auto_dismissed");
        auto.put("created_at", "2026-01-01T00:00:00Z");
        auto.put("auto_dismissed_at", "2026-01-01T00:00:05Z");
        assertThat(time(Transition.DISMISSED, "created", auto)).isEqualTo("2026-01-01T00:00:05Z");
    }

    @Test
    void aReopenWhoseUpdatedAtIsNotAfterTheCreationIsTimedByItsReceipt() {
        // GitHub's documented code-scanning reopen (2023) carries its creation instant as updated_at: taken as the
        // reopen's time, it would sort before the fix it undoes (timed by receipt) and leave the alert fixed
        ObjectNode a = alert("open");
        a.put("created_at", "2020-07-22T14:06:31Z");
        a.put("updated_at", "2020-07-22T14:06:31Z");
        assertThat(time(Transition.OPEN, "reopened", a)).isEqualTo(RECEIVED.toString());
        a.put("updated_at", "2020-07-22T14:06:32Z");
        assertThat(time(Transition.OPEN, "reopened", a)).isEqualTo("2020-07-22T14:06:32Z");
    }

    @Test
    void blankNamesAreNoNames() {
        ObjectNode payload = alert("open");
        payload.putObject("organization").put("login", "");
        payload.putObject("repository").putObject("owner").put("login", "octocat");
        assertThat(AlertSemantics.org(payload)).isEqualTo("octocat");
        ObjectNode unnamed = alert("open");
        unnamed.putObject("tool").put("name", " ");
        assertThat(AlertSemantics.tool(AlertType.CODE_SCANNING, unnamed)).isEqualTo("Code scanning");
    }

    @ParameterizedTest(name = "code scanning security_severity_level {0}, severity {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "critical, note, critical", "high, -, high", "medium, error, medium", "low, error, low",
            // no security level: the rule's own severity, error / warning / note / none
            "-, error, high", "-, warning, medium", "-, note, low", "-, none, none", "-, -, none",
            // a level GitHub does not define falls back to the rule's severity
            "unknown, warning, medium"})
    void codeScanningSeverity(String level, String severity, String expected) {
        ObjectNode a = alert("open");
        ObjectNode rule = a.putObject("rule");
        rule.put("security_severity_level", level);
        rule.put("severity", severity);
        assertThat(AlertSemantics.severity(AlertType.CODE_SCANNING, a, "high")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Dependabot advisory severity {0} -> {1}")
    @CsvSource(nullValues = "-", value = {"critical, critical", "high, high", "moderate, medium", "medium, medium",
            "low, low", "-, none"})
    void dependabotSeverity(String severity, String expected) {
        ObjectNode a = alert("open");
        a.putObject("security_advisory").put("severity", severity);
        assertThat(AlertSemantics.severity(AlertType.DEPENDABOT, a, "high")).isEqualTo(expected);
    }

    @Test
    void secretScanningTakesTheConfiguredSeverityAndEachTypeItsTool() {
        assertThat(AlertSemantics.severity(AlertType.SECRET_SCANNING, alert("open"), "critical")).isEqualTo("critical");
        ObjectNode codeql = alert("open");
        codeql.putObject("tool").put("name", "CodeQL");
        assertThat(AlertSemantics.tool(AlertType.CODE_SCANNING, codeql)).isEqualTo("CodeQL");
        assertThat(AlertSemantics.tool(AlertType.CODE_SCANNING, alert("open"))).isEqualTo("Code scanning");
        assertThat(AlertSemantics.tool(AlertType.DEPENDABOT, alert("open"))).isEqualTo("Dependabot");
        assertThat(AlertSemantics.tool(AlertType.SECRET_SCANNING, alert("open"))).isEqualTo("Secret scanning");
    }

    private static String time(Transition transition, String action, ObjectNode alert) {
        return AlertSemantics.eventTime(transition, action, alert, RECEIVED).time().toString();
    }
}
