package io.alertlake.api;

import io.alertlake.testing.TestDataDirs;
import io.alertlake.local.LocalStack;
import io.alertlake.query.TestLake;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.alertlake.testing.GraphQl;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The GraphQL contract against a lake built from known events, with the expected values worked out here. */
@QuarkusTest
@TestProfile(GraphQlApiTest.Lake.class)
class GraphQlApiTest {

    public static class Lake implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alertlake.local.data-dir", TestDataDirs.fresh("graphql-test-data"), "alertlake.api.cache-ttl", "0s");
        }
    }

    private static final double DAY = 86_400;
    private static boolean built;

    @Inject
    LocalStack localStack;

    @BeforeEach
    void buildLakeOnce() throws Exception {
        if (built) {
            return;
        }
        TestLake lake = TestLake.emptied(localStack.bucketDir());
        // octo: a fix after 10 days (Jan), a false positive (Jan), an alert still open (critical, Feb)
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-11T00:00:00Z");
        lake.alert("octo", "api", 1, "dependabot", 2).created("2026-01-05T00:00:00Z")
                .dismissed("2026-01-06T00:00:00Z", "inaccurate");
        lake.alert("octo", "web", 2, "code_scanning", 3).severity("critical").created("2026-02-01T00:00:00Z");
        // acme: a secret revoked after 2 days (Feb)
        lake.alert("acme", "portal", 3, "secret_scanning", 9).created("2026-02-10T00:00:00Z")
                .fixed("2026-02-12T00:00:00Z")
                .action(null, "open", "2026-02-13T00:00:00Z"); // a delivery without an action: no state change
        built = true;
    }

    @Test
    void remediationByOrgAsOfMarch() {
        JsonPath r = GraphQl.query("{ remediation(groupBy: [ORG], asOf: \"2026-03-01T00:00:00Z\") { org opened fixed "
                + "dismissed falsePositives openAtEnd mttrSeconds meanTimeToFixSeconds netResolveRate slaBreaches } }");
        List<Map<String, Object>> rows = r.getList("data.remediation");
        assertThat(rows).extracting(m -> m.get("org")).containsExactly("acme", "octo");
        Map<String, Object> acme = rows.get(0);
        assertThat(acme).containsEntry("opened", 1).containsEntry("fixed", 1).containsEntry("openAtEnd", 0);
        assertThat(((Number) acme.get("mttrSeconds")).doubleValue()).isCloseTo(2 * DAY, within(1.0));
        Map<String, Object> octo = rows.get(1);
        assertThat(octo).containsEntry("opened", 3).containsEntry("fixed", 1).containsEntry("dismissed", 1)
                .containsEntry("falsePositives", 1).containsEntry("openAtEnd", 1);
        // the false positive is left out of MTTR: only the 10-day fix
        assertThat(((Number) octo.get("mttrSeconds")).doubleValue()).isCloseTo(10 * DAY, within(1.0));
        assertThat(((Number) octo.get("netResolveRate")).doubleValue()).isCloseTo(2.0 / 3, within(1e-6));
        // the critical alert open since Feb 1 is 28 days old at asOf: over its 7-day SLA
        assertThat(octo).containsEntry("slaBreaches", 1);
    }

    @Test
    void remediationByMonthCarriesOpenAlertsOver() {
        JsonPath r = GraphQl.query("{ remediation(groupBy: [MONTH], filter: {orgs: [\"octo\"]}, asOf: \"2026-04-01T00:00:00Z\") "
                + "{ month opened fixed openAtEnd } }");
        List<Map<String, Object>> rows = r.getList("data.remediation");
        assertThat(rows).extracting(m -> m.get("month")).containsExactly("2026-01", "2026-02", "2026-03");
        assertThat(rows.get(0)).containsEntry("opened", 2).containsEntry("openAtEnd", 0);
        assertThat(rows.get(1)).containsEntry("opened", 1).containsEntry("openAtEnd", 1);
        assertThat(rows.get(2)).containsEntry("opened", 0).containsEntry("openAtEnd", 1);
    }

    @Test
    void remediationBySeverityAndType() {
        JsonPath r = GraphQl.query("{ remediation(groupBy: [ALERT_TYPE, SEVERITY], asOf: \"2026-03-01T00:00:00Z\") "
                + "{ alertType severity opened } }");
        List<Map<String, Object>> rows = r.getList("data.remediation");
        assertThat(rows).extracting(m -> m.get("alertType") + "/" + m.get("severity") + "=" + m.get("opened"))
                .containsExactlyInAnyOrder("CODE_SCANNING/CRITICAL=1", "DEPENDABOT/HIGH=2", "SECRET_SCANNING/HIGH=1");
        // a date-time without an offset is UTC, as every time of the API is
        JsonPath utc = GraphQl.query("{ remediation(groupBy: [ALERT_TYPE, SEVERITY], asOf: \"2026-03-01T00:00:00\") "
                + "{ alertType severity opened } }");
        assertThat(utc.getList("errors")).isNull();
        assertThat(utc.<Map<String, Object>>getList("data.remediation")).isEqualTo(rows);
    }

    @Test
    void remediationByRepoAndToolWithinAWindow() {
        // window [Jan 6, Feb 11): the Jan 11 fix, the Feb 1 alert and the Feb 10 secret fall inside it
        JsonPath r = GraphQl.query("{ remediation(groupBy: [REPO, TOOL], filter: {from: \"2026-01-06\", to: \"2026-02-11\"}, "
                + "asOf: \"2026-03-01T00:00:00Z\") { org repo tool opened fixed dismissed openAtEnd } }");
        List<Map<String, Object>> rows = r.getList("data.remediation");
        assertThat(rows).extracting(m -> m.get("org") + "/" + m.get("repo") + "|" + m.get("tool") + "|" + m.get("opened")
                        + "/" + m.get("fixed") + "/" + m.get("dismissed") + "/" + m.get("openAtEnd"))
                .containsExactlyInAnyOrder(
                        "acme/portal|Secret scanning|1/0/0/1",   // created Feb 10, revoked Feb 12: after the window
                        "octo/api|Dependabot|0/1/1/0",          // created before Jan 6; #1 fixed Jan 11, #2 dismissed at Jan 6 00:00 (start is inclusive)
                        "octo/web|CodeQL|1/0/0/1");             // the code-scanning alert's tool is the fixture's
    }

    @Test
    void alertsArePaginatedNewestFirstWithATotal() {
        JsonPath first = GraphQl.query("{ alerts(first: 2) { totalCount nodes { id state } pageInfo { hasNextPage endCursor } } }");
        assertThat(first.getInt("data.alerts.totalCount")).isEqualTo(4);
        assertThat(first.getList("data.alerts.nodes.id", String.class))
                .containsExactly("acme/portal/secret_scanning/9", "octo/web/code_scanning/3");
        assertThat(first.getBoolean("data.alerts.pageInfo.hasNextPage")).isTrue();
        String cursor = first.getString("data.alerts.pageInfo.endCursor");
        JsonPath second = GraphQl.query("{ alerts(first: 2, after: \"" + cursor + "\") { totalCount nodes { id } "
                + "pageInfo { hasNextPage } } }");
        assertThat(second.getList("data.alerts.nodes.id", String.class))
                .containsExactly("octo/api/dependabot/2", "octo/api/dependabot/1");
        assertThat(second.getBoolean("data.alerts.pageInfo.hasNextPage")).isFalse();
    }

    @Test
    void theLastPageAndACursorPastItEndTheList() {
        JsonPath second = GraphQl.query("{ alerts(first: 2, after: \"" + GraphQl.query("{ alerts(first: 2) { pageInfo { endCursor } } }")
                .getString("data.alerts.pageInfo.endCursor") + "\") { pageInfo { endCursor } } }");
        String last = second.getString("data.alerts.pageInfo.endCursor");
        assertThat(last).isNotBlank();
        JsonPath past = GraphQl.query("{ alerts(first: 2, after: \"" + last + "\") { totalCount nodes { id } "
                + "pageInfo { hasNextPage endCursor } } }");
        assertThat(past.getList("data.alerts.nodes")).isEmpty();
        assertThat(past.getInt("data.alerts.totalCount")).isEqualTo(4);
        assertThat(past.getBoolean("data.alerts.pageInfo.hasNextPage")).isFalse();
        assertThat(past.getString("data.alerts.pageInfo.endCursor")).isNull();
    }

    @Test
    void fromAndToOfAlertsAreAWindowOnCreationEndExclusive() {
        JsonPath february = GraphQl.query("{ alerts(filter: {from: \"2026-02-01\", to: \"2026-02-11\"}) { totalCount nodes { id } } }");
        assertThat(february.getList("data.alerts.nodes.id", String.class))
                .containsExactly("acme/portal/secret_scanning/9", "octo/web/code_scanning/3");
        JsonPath endExclusive = GraphQl.query("{ alerts(filter: {from: \"2026-02-01\", to: \"2026-02-10T00:00:00Z\"}) { nodes { id } } }");
        assertThat(endExclusive.getList("data.alerts.nodes.id", String.class)).containsExactly("octo/web/code_scanning/3");
        assertThat(GraphQl.query("{ alerts(filter: {from: \"last week\"}) { totalCount } }").getString("errors[0].message"))
                .contains("'from' must be an ISO date");
        assertThat(GraphQl.query("{ remediation(filter: {to: \"2026-13-01\"}) { opened } }").getString("errors[0].message"))
                .contains("'to' must be an ISO date");
    }

    @Test
    void impossibleDateTimesAreErrorsNotTheMonthsLastDay() {
        // with a time, as without one: April 31 is not April 30
        assertThat(GraphQl.query("{ remediation(asOf: \"2026-04-31T00:00:00Z\") { opened } }").getString("errors[0].message"))
                .contains("'asOf' must be an ISO date");
        assertThat(GraphQl.query("{ alerts(filter: {to: \"2026-02-29T12:00:00\"}) { totalCount } }")
                .getString("errors[0].message")).contains("'to' must be an ISO date");
        assertThat(GraphQl.query("{ remediation(asOf: \"2024-02-29T12:00:00Z\") { opened } }").getList("errors")).isNull();
    }

    @Test
    void aWindowStartingAtOrAfterAsOfIsAnErrorNotAnEmptyAnswer() {
        JsonPath after = GraphQl.query("{ remediation(filter: {from: \"2026-03-01\"}, asOf: \"2026-02-01T00:00:00Z\") { opened } }");
        assertThat(after.getString("errors[0].message")).contains("'from' (2026-03-01) must be before 'asOf'");
        assertThat(after.getMap("data")).isNull();
        assertThat(GraphQl.query("{ remediation(filter: {from: \"2026-01-01\"}, asOf: \"2026-03-01T00:00:00Z\") { opened } }")
                .getInt("data.remediation[0].opened")).isPositive();
    }

    @Test
    void withoutAsOfAWindowStartingInTheFutureIsAnErrorToo() {
        JsonPath future = GraphQl.query("{ remediation(filter: {from: \"9999-01-01\"}) { opened } }");
        assertThat(future.getString("errors[0].message"))
                .contains("'from' (9999-01-01) must be before now").contains("when no 'asOf' is given");
        assertThat(future.getMap("data")).isNull();
        assertThat(GraphQl.query("{ remediation(filter: {from: \"2026-01-01\"}) { opened } }")
                .getInt("data.remediation[0].opened")).isPositive();
    }

    @Test
    void orgAndRepoNamesMatchInAnyCaseAsOnGitHub() {
        assertThat(ids("{orgs: [\"OCTO\"]}")).containsExactlyInAnyOrder("octo/web/code_scanning/3",
                "octo/api/dependabot/2", "octo/api/dependabot/1");
        assertThat(ids("{repos: [\"Octo/API\", \"acme/Portal\"]}")).containsExactlyInAnyOrder(
                "octo/api/dependabot/2", "octo/api/dependabot/1", "acme/portal/secret_scanning/9");
        JsonPath byOrg = GraphQl.query("{ remediation(asOf: \"2026-03-01T00:00:00Z\", filter: {orgs: [\"Octo\", \"octo\"]}) "
                + "{ opened fixed } }");
        assertThat(byOrg.getInt("data.remediation[0].opened")).isEqualTo(3);
        assertThat(byOrg.getInt("data.remediation[0].fixed")).isEqualTo(1);
        JsonPath alert = GraphQl.query("{ alert(id: \"OCTO/Api/dependabot/1\") { id events { action } } }");
        assertThat(alert.getString("data.alert.id")).isEqualTo("octo/api/dependabot/1");
        assertThat(alert.getList("data.alert.events.action", String.class)).containsExactly("created", "fixed");
    }

    @Test
    void aSeverityRepeatedInTheFilterCountsOnce() {
        String many = String.join(",", java.util.Collections.nCopies(5_000, "HIGH"));
        String once = "{ remediation(asOf: \"2026-03-01T00:00:00Z\", filter: {severities: [HIGH], alertTypes: [DEPENDABOT]}) "
                + "{ opened fixed } }";
        String repeated = "{ remediation(asOf: \"2026-03-01T00:00:00Z\", filter: {severities: [" + many + "], "
                + "alertTypes: [DEPENDABOT, DEPENDABOT]}) { opened fixed } }";
        assertThat(GraphQl.query(once).getInt("data.remediation[0].opened")).isEqualTo(2);
        assertThat(GraphQl.query(repeated).getList("data.remediation")).isEqualTo(GraphQl.query(once).getList("data.remediation"));
    }

    @Test
    void statesAreIgnoredByRemediationAndToolsFilterIt() {
        String all = "{ remediation(asOf: \"2026-03-01T00:00:00Z\", groupBy: [ORG]) { org opened fixed dismissed openAtEnd } }";
        String open = "{ remediation(asOf: \"2026-03-01T00:00:00Z\", groupBy: [ORG], filter: {states: [OPEN]}) "
                + "{ org opened fixed dismissed openAtEnd } }";
        assertThat(GraphQl.query(open).getList("data.remediation")).isEqualTo(GraphQl.query(all).getList("data.remediation"))
                .isNotEmpty();
        JsonPath dependabot = GraphQl.query("{ remediation(asOf: \"2026-03-01T00:00:00Z\", filter: {tools: [\"Dependabot\"]}) "
                + "{ opened fixed dismissed } }");
        assertThat(dependabot.getInt("data.remediation[0].opened")).isEqualTo(2);
        assertThat(dependabot.getInt("data.remediation[0].fixed")).isEqualTo(1);
        assertThat(dependabot.getInt("data.remediation[0].dismissed")).isEqualTo(1);
    }

    @Test
    void anAlertNamesItsRuleTitleAndLink() {
        JsonPath r = GraphQl.query("{ alert(id: \"octo/api/dependabot/1\") { rule title url tool } }");
        assertThat(r.getString("data.alert.rule")).startsWith("GHSA-");
        assertThat(r.getString("data.alert.title")).isNotBlank();
        assertThat(r.getString("data.alert.url")).startsWith("https://github.com/");
        assertThat(r.getString("data.alert.tool")).isEqualTo("Dependabot");
    }

    @Test
    void aGetRequestNeedsTheTokenToo() {
        given().queryParam("query", "{ alerts { totalCount } }").get("/graphql").then().statusCode(401);
    }

    @Test
    void aRequestWithoutTheTokenGetsNoData() throws Exception {
        String body = given().contentType("application/json").body(Map.of("query", "{ alerts { totalCount nodes { id } } }"))
                .post("/graphql").then().statusCode(401).extract().asString();
        var answer = io.alertlake.testing.Fixtures.JSON.readTree(body);
        assertThat(answer.has("data")).as(body).isFalse();
        assertThat(answer.path("errors").get(0).path("message").asText()).contains("bearer token");
    }

    @Test
    void alertsOfOneOrg() {
        JsonPath octo = GraphQl.query("{ alerts(first: 10, filter: {orgs: [\"octo\"]}) { totalCount nodes { id } } }");
        assertThat(octo.getInt("data.alerts.totalCount")).isEqualTo(3);
        assertThat(octo.getList("data.alerts.nodes.id", String.class)).containsExactly("octo/web/code_scanning/3",
                "octo/api/dependabot/2", "octo/api/dependabot/1");
        JsonPath acme = GraphQl.query("{ alerts(first: 1, filter: {repos: [\"acme/portal\"]}) { totalCount nodes { id } } }");
        assertThat(acme.getList("data.alerts.nodes.id", String.class)).containsExactly("acme/portal/secret_scanning/9");
        JsonPath nobody = GraphQl.query("{ alerts(first: 10, filter: {orgs: [\"nobody\"]}) { totalCount nodes { id } } }");
        assertThat(nobody.getInt("data.alerts.totalCount")).isZero();
        assertThat(nobody.getList("data.alerts.nodes")).isEmpty();
    }

    @Test
    void remediationsOtherFieldsAsWorkedOutForOcto() {
        JsonPath r = GraphQl.query("{ remediation(filter: {orgs: [\"octo\"]}, asOf: \"2026-03-01T00:00:00Z\") { reopened "
                + "p50Seconds p90Seconds meanOpenAgeSeconds invalidDurations } }");
        Map<String, Object> octo = r.getMap("data.remediation[0]");
        assertThat(octo).containsEntry("reopened", 0).containsEntry("invalidDurations", 0);
        // one close counts (the 10-day fix; the false positive is left out): both percentiles are it
        assertThat(((Number) octo.get("p50Seconds")).doubleValue()).isCloseTo(10 * DAY, within(1.0));
        assertThat(((Number) octo.get("p90Seconds")).doubleValue()).isCloseTo(10 * DAY, within(1.0));
        // the one open alert, since Feb 1, at asOf Mar 1
        assertThat(((Number) octo.get("meanOpenAgeSeconds")).doubleValue()).isCloseTo(28 * DAY, within(1.0));
    }

    @Test
    void anAlertsFieldsAndTheFiltersByStateSeverityAndType() {
        JsonPath r = GraphQl.query("{ alert(id: \"octo/api/dependabot/2\") { org repo alertType number severity tool state "
                + "closeReason dismissedReason reopenCount events { action deliveryId } } }");
        Map<String, Object> dismissed = r.getMap("data.alert");
        assertThat(dismissed).containsEntry("org", "octo").containsEntry("repo", "api")
                .containsEntry("alertType", "DEPENDABOT").containsEntry("number", 2).containsEntry("severity", "HIGH")
                .containsEntry("tool", "Dependabot").containsEntry("state", "DISMISSED")
                .containsEntry("closeReason", "dismissed").containsEntry("dismissedReason", "inaccurate")
                .containsEntry("reopenCount", 0);
        assertThat(r.getList("data.alert.events.deliveryId", String.class)).hasSize(2).doesNotContainNull();
        assertThat(GraphQl.query("{ alert(id: \"octo/api/dependabot/1\") { closeReason dismissedReason } }")
                .getMap("data.alert")).containsEntry("closeReason", "fixed").containsEntry("dismissedReason", null);

        assertThat(ids("{states: [OPEN]}")).containsExactly("octo/web/code_scanning/3");
        assertThat(ids("{states: [FIXED, DISMISSED]}")).containsExactly("acme/portal/secret_scanning/9",
                "octo/api/dependabot/2", "octo/api/dependabot/1");
        assertThat(ids("{severities: [CRITICAL]}")).containsExactly("octo/web/code_scanning/3");
        assertThat(ids("{alertTypes: [SECRET_SCANNING, CODE_SCANNING]}")).containsExactly(
                "acme/portal/secret_scanning/9", "octo/web/code_scanning/3");
    }

    private static List<String> ids(String filter) {
        return GraphQl.query("{ alerts(first: 10, filter: " + filter + ") { nodes { id } } }")
                .getList("data.alerts.nodes.id", String.class);
    }

    @Test
    void tamperedCursorIsAClearError() {
        JsonPath r = GraphQl.query("{ alerts(first: 2, after: \"MTIzfGZvbw.AAAA\") { totalCount } }");
        assertThat(r.getString("errors[0].message")).contains("'after' is not a cursor");
    }

    @Test
    void alertWithItsHistory() {
        JsonPath r = GraphQl.query("{ alert(id: \"octo/api/dependabot/1\") { id state createdAt closedAt closeReason "
                + "timeToRemediateSeconds reopenCount events { time action state } } }");
        assertThat(r.getString("data.alert.state")).isEqualTo("FIXED");
        assertThat(r.getString("data.alert.createdAt")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(r.getString("data.alert.closedAt")).isEqualTo("2026-01-11T00:00:00Z");
        assertThat(r.getDouble("data.alert.timeToRemediateSeconds")).isCloseTo(10 * DAY, within(1.0));
        assertThat(r.getList("data.alert.events.action", String.class)).containsExactly("created", "fixed");
        assertThat(r.getList("data.alert.events.state", String.class)).containsExactly("OPEN", "FIXED");
    }

    @Test
    void anEventWithoutAnActionIsListedWithAnEmptyOneAndChangesNothing() {
        JsonPath r = GraphQl.query("{ alert(id: \"acme/portal/secret_scanning/9\") { state events { action state } } }");
        assertThat(r.getString("data.alert.state")).isEqualTo("FIXED");
        assertThat(r.getList("data.alert.events.action", String.class)).containsExactly("created", "resolved", "");
        assertThat(r.getList("data.alert.events.state", String.class)).containsExactly("OPEN", "FIXED", null);
    }

    @Test
    void unknownAlertIsNull() {
        JsonPath r = GraphQl.query("{ alert(id: \"octo/api/dependabot/999\") { id } }");
        assertThat(r.getMap("data")).containsEntry("alert", null);
        JsonPath elsewhere = GraphQl.query("{ alert(id: \"nobody/api/dependabot/1\") { id } }");
        assertThat(elsewhere.getMap("data")).containsEntry("alert", null);
    }

    @Test
    void injectionPayloadsFindNothingAndLeakNothing() {
        for (String payload : List.of("' OR '1'='1", "octo' --", "x' UNION SELECT * FROM findings --",
                "\u2019 OR \u20191\u2019=\u20191", "Dependabot'; DROP VIEW repository_names; --")) {
            String escaped = payload.replace("\\", "\\\\").replace("\"", "\\\"");
            JsonPath tools = GraphQl.query("{ remediation(filter: {tools: [\"" + escaped + "\"]}) { opened } }");
            assertThat(tools.getList("data.remediation")).as(payload).isEmpty();
            JsonPath orgs = GraphQl.query("{ remediation(filter: {orgs: [\"" + escaped + "\"]}) { opened } }");
            assertThat(orgs.getString("errors[0].message")).as(payload).contains("'orgs'")
                    .doesNotContain("max_by").doesNotContain("alert_state").doesNotContain("FILTER (WHERE");
            JsonPath alert = GraphQl.query("{ alert(id: \"" + escaped + "\") { id } }");
            assertThat(alert.getString("errors[0].message")).as(payload).contains("'id' must be");
        }
        // and the views are still there
        assertThat(GraphQl.query("{ alerts { totalCount } }").getInt("data.alerts.totalCount")).isEqualTo(4);
    }

    @Test
    void limitsAreEnforcedWithClearMessages() {
        assertThat(GraphQl.query("{ alerts(first: 501) { totalCount } }").getString("errors[0].message"))
                .contains("'first' must be between 1 and 500");
        assertThat(GraphQl.query("{ remediation(asOf: \"yesterday\") { opened } }").getString("errors[0].message"))
                .contains("'asOf' must be an ISO date");
        assertThat(GraphQl.query("{ remediation(asOf: \"+300000000-01-01T00:00:00Z\") { opened } }")
                .getString("errors[0].message")).contains("'asOf' must be between 1970 and 9999");
        String manyOrgs = java.util.stream.IntStream.range(0, 201).mapToObj(i -> "\"o" + i + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        assertThat(GraphQl.query("{ remediation(filter: {orgs: [" + manyOrgs + "]}) { opened } }")
                .getString("errors[0].message")).contains("'orgs' holds 201 values; at most 200");
        assertThat(GraphQl.query("{ remediation(filter: {repos: [\"no-slash\"]}) { opened } }").getString("errors[0].message"))
                .contains("expected org/repo");
        // by month from January 2026 to 2100: more months than are answered, an error rather than rows cut short
        JsonPath tooLong = GraphQl.query("{ remediation(groupBy: [MONTH], asOf: \"2100-01-01T00:00:00Z\") { month } }");
        assertThat(tooLong.getString("errors[0].message")).contains("spans more than 600 months (from 2026-01)");
        assertThat(tooLong.getMap("data")).isNull();
        assertThat(GraphQl.query("{ remediation(groupBy: [MONTH], asOf: \"2076-01-01T00:00:00Z\") { month } }")
                .getList("data.remediation")).hasSize(600);
        // a query far over the complexity limit (hundreds of aliased fields) is refused before it runs
        StringBuilder heavy = new StringBuilder("{");
        for (int i = 0; i < 120; i++) {
            heavy.append(" a").append(i).append(": remediation { opened fixed dismissed openAtEnd }");
        }
        JsonPath refused = GraphQl.query(heavy.append(" }").toString());
        assertThat(refused.getString("errors[0].message")).containsIgnoringCase("complexity");
        assertThat(refused.getMap("data")).isNull();
    }

    @Test
    void aRequestRunsAtMostTwentyQueriesHoweverManyAliasesItHas() {
        // within the complexity limit: 30 aliased alert lookups, each a query; twenty are answered, ten refused
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            many.append(" a").append(i).append(": alert(id: \"octo/api/dependabot/").append(i + 1).append("\") { id }");
        }
        JsonPath r = GraphQl.query(many.append(" }").toString());
        List<Map<String, Object>> errors = r.getList("errors");
        assertThat(errors).hasSize(10).allSatisfy(e -> assertThat((String) e.get("message"))
                .contains("20 times in all").contains("one too many"));
        // and the next request has a budget of its own
        assertThat(GraphQl.query("{ alert(id: \"octo/api/dependabot/1\") { id } }").getList("errors")).isNull();
    }

    @Test
    void anUpgradeToWebSocketIsRefusedWhereverTheHeaderNamesIt() throws Exception {
        // the HTTP layer upgrades when any Upgrade value names WebSocket, not only the first header's
        assertThat(statusLineOf("Upgrade: h2c\r\nUpgrade: websocket\r\n")).contains(" 400 ");
        assertThat(statusLineOf("Upgrade: foo, WebSocket\r\n")).contains(" 400 ");
        assertThat(io.alertlake.api.NoWebSocketsFilter.asksForWebSocket(List.of("h2c"))).isFalse();
    }

    /** The status line of a GET /graphql with a token, a WebSocket handshake's headers and these Upgrade headers. */
    private static String statusLineOf(String upgradeHeaders) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /graphql HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer test-token\r\nConnection: Upgrade\r\n" + upgradeHeaders
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void graphQlOverWebSocketIsRefusedEvenWithAToken() {
        // over one WebSocket every operation would run in the request that opened it, sharing its query budget
        var handshake = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("graphql-transport-ws").header("Authorization", "Bearer test-token")
                .buildAsync(java.net.URI.create("ws://localhost:" + io.restassured.RestAssured.port + "/graphql"),
                        new java.net.http.WebSocket.Listener() {
                        });
        assertThat(handshake).failsWithin(java.time.Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(java.net.http.WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
    }
}
