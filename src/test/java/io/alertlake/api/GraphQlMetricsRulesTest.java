package io.alertlake.api;

import io.alertlake.local.LocalStack;
import io.alertlake.query.TestLake;
import io.alertlake.testing.TestDataDirs;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The rules of docs/metrics.md as the API answers them: each org of this lake holds the alerts of one rule, with
 * the expected values worked out here from the rule.
 */
@QuarkusTest
@TestProfile(GraphQlMetricsRulesTest.Lake.class)
class GraphQlMetricsRulesTest {

    public static class Lake implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alertlake.local.data-dir", TestDataDirs.fresh("graphql-rules-test-data"),
                    "alertlake.api.cache-ttl", "0s");
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
        // life: an alert reopened twice, one dismissed, reopened and fixed, a revoked secret
        lake.alert("life", "app", 10, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-03T00:00:00Z")
                .reopened("2026-01-10T00:00:00Z").fixed("2026-01-14T00:00:00Z").reopened("2026-01-20T00:00:00Z");
        lake.alert("life", "app", 10, "dependabot", 2).created("2026-01-01T00:00:00Z")
                .dismissed("2026-01-05T00:00:00Z", "tolerable_risk").reopened("2026-01-10T00:00:00Z")
                .fixed("2026-01-20T00:00:00Z");
        lake.alert("life", "app", 10, "secret_scanning", 3).created("2026-01-01T00:00:00Z")
                .fixed("2026-01-03T00:00:00Z");
        // mttr: a fix after 10 days, a dismissal (not as a false positive) after 20
        lake.alert("mttr", "svc", 20, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-11T00:00:00Z");
        lake.alert("mttr", "svc", 20, "dependabot", 2).created("2026-01-01T00:00:00Z")
                .dismissed("2026-01-21T00:00:00Z", "tolerable_risk");
        // pct: fixes after 1, 2, 3, 4 and 10 days
        int number = 0;
        for (String fixed : List.of("2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05", "2026-01-11")) {
            lake.alert("pct", "lib", 30, "dependabot", ++number).created("2026-01-01T00:00:00Z")
                    .fixed(fixed + "T00:00:00Z");
        }
        // slow: a low alert open since January 1
        lake.alert("slow", "old", 40, "dependabot", 1).severity("low").created("2026-01-01T00:00:00Z");
        built = true;
    }

    private static Map<String, Object> remediationOf(String org, String asOf, String fields) {
        JsonPath r = GraphQl.query("{ remediation(filter: {orgs: [\"" + org + "\"]}, asOf: \"" + asOf + "\") { " + fields
                + " } }");
        assertThat(r.getList("errors")).isNull();
        return r.getMap("data.remediation[0]");
    }

    private static double seconds(Map<String, Object> row, String field) {
        return ((Number) row.get(field)).doubleValue();
    }

    @Test
    void aReopenedAlertHasNoCloseTimeNorTimeToRemediate() {
        JsonPath r = GraphQl.query("{ alert(id: \"life/app/dependabot/1\") { state closedAt closeReason "
                + "timeToRemediateSeconds reopenCount } }");
        assertThat(r.getMap("data.alert")).containsEntry("state", "OPEN").containsEntry("closedAt", null)
                .containsEntry("closeReason", null).containsEntry("timeToRemediateSeconds", null)
                .containsEntry("reopenCount", 2);
        JsonPath listed = GraphQl.query("{ alerts(filter: {orgs: [\"life\"], states: [OPEN]}) { nodes { id closedAt "
                + "timeToRemediateSeconds reopenCount } } }");
        assertThat(listed.<Map<String, Object>>getList("data.alerts.nodes")).singleElement().satisfies(a ->
                assertThat(a).containsEntry("id", "life/app/dependabot/1").containsEntry("closedAt", null)
                        .containsEntry("timeToRemediateSeconds", null).containsEntry("reopenCount", 2));
    }

    @Test
    void anAlertsEventsAreAtTheTimesGitHubGaveThem() {
        JsonPath r = GraphQl.query("{ alert(id: \"life/app/dependabot/1\") { events { time action state } } }");
        assertThat(r.getList("data.alert.events.time", String.class)).containsExactly("2026-01-01T00:00:00Z",
                "2026-01-03T00:00:00Z", "2026-01-10T00:00:00Z", "2026-01-14T00:00:00Z", "2026-01-20T00:00:00Z");
        assertThat(r.getList("data.alert.events.state", String.class))
                .containsExactly("OPEN", "FIXED", "OPEN", "FIXED", "OPEN");
    }

    @Test
    void aFixedAlertHasNoDismissedReasonWhateverCameBefore() {
        JsonPath r = GraphQl.query("{ alerts(filter: {orgs: [\"life\"], states: [FIXED]}) { nodes { id state closeReason "
                + "dismissedReason closedAt timeToRemediateSeconds reopenCount } } }");
        List<Map<String, Object>> fixed = r.getList("data.alerts.nodes");
        assertThat(fixed).extracting(a -> a.get("id"))
                .containsExactly("life/app/dependabot/2", "life/app/secret_scanning/3");
        // dismissed as a tolerable risk, reopened, then fixed on January 20
        assertThat(fixed.get(0)).containsEntry("closeReason", "fixed").containsEntry("dismissedReason", null)
                .containsEntry("closedAt", "2026-01-20T00:00:00Z").containsEntry("reopenCount", 1);
        assertThat(seconds(fixed.get(0), "timeToRemediateSeconds")).isEqualTo(19 * DAY);
        // a revoked secret is fixed: GitHub's resolution is not a dismissal's reason
        assertThat(fixed.get(1)).containsEntry("closeReason", "fixed").containsEntry("dismissedReason", null);
        assertThat(seconds(fixed.get(1), "timeToRemediateSeconds")).isEqualTo(2 * DAY);
    }

    @Test
    void meanTimeToFixLeavesOutDismissalsThatMttrCounts() {
        Map<String, Object> r = remediationOf("mttr", "2026-02-01T00:00:00Z",
                "fixed dismissed falsePositives mttrSeconds meanTimeToFixSeconds");
        assertThat(r).containsEntry("fixed", 1).containsEntry("dismissed", 1).containsEntry("falsePositives", 0);
        assertThat(seconds(r, "mttrSeconds")).isEqualTo(15 * DAY); // (10 + 20) / 2
        assertThat(seconds(r, "meanTimeToFixSeconds")).isEqualTo(10 * DAY);
    }

    @Test
    void percentilesAreValuesOfThePopulationAtRankFloorOfPTimesN() {
        // 1, 2, 3, 4, 10 days: the median at 0-based rank floor(0.5 * 5) = 2, the 90th percentile at floor(4.5) = 4
        Map<String, Object> r = remediationOf("pct", "2026-02-01T00:00:00Z", "fixed mttrSeconds p50Seconds p90Seconds");
        assertThat(r).containsEntry("fixed", 5);
        assertThat(seconds(r, "mttrSeconds")).isEqualTo(4 * DAY);
        assertThat(seconds(r, "p50Seconds")).isCloseTo(3 * DAY, within(1.0));
        assertThat(seconds(r, "p90Seconds")).isCloseTo(10 * DAY, within(1.0));
    }

    @Test
    void aLowAlertBreachesTheDefaultSlaAfter180Days() {
        // open since January 1: 179 days old on June 29, 181 on July 1
        assertThat(remediationOf("slow", "2026-06-29T00:00:00Z", "openAtEnd slaBreaches"))
                .containsEntry("openAtEnd", 1).containsEntry("slaBreaches", 0);
        assertThat(remediationOf("slow", "2026-07-01T00:00:00Z", "openAtEnd slaBreaches"))
                .containsEntry("openAtEnd", 1).containsEntry("slaBreaches", 1);
    }
}
