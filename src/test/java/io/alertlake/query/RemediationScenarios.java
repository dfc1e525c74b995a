package io.alertlake.query;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.alertlake.query.RemediationSql.Dimension.MONTH;
import static io.alertlake.query.RemediationSql.Dimension.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The rules of docs/metrics.md on hand-built event sequences, each with its numbers worked out here, and the views
 * of sql/ on the same lakes. Each subclass says which engine answers: the same scenarios hold on every engine.
 */
abstract class RemediationScenarios {

    private static final double DAY = 86_400;

    @TempDir
    Path dir;
    TestLake lake;

    @BeforeEach
    void lake() {
        lake = new TestLake(dir.resolve("lake"));
    }

    /** Runs a query over {@link #lake} (built by then) on the engine under test. */
    protected abstract List<Map<String, Object>> query(String sql, List<?> parameters);

    private List<Map<String, Object>> run(Set<RemediationSql.Dimension> groupBy, String from, String to, String asOf) {
        return run(Filters.NONE, EventSource.ALL, groupBy, from, to, asOf);
    }

    /** The engine under test as a {@link QueryEngine}, for the code that asks it more than one query. */
    protected QueryEngine engine() {
        return new QueryEngine() {
            @Override
            public List<Map<String, Object>> query(String sql, List<?> parameters, java.time.Duration deadline) {
                return RemediationScenarios.this.query(sql, parameters);
            }

            @Override
            public String name() {
                return "under test";
            }
        };
    }

    protected static Filters orgs(String... orgs) {
        return new Filters(List.of(orgs), null, null, null, null, null, null, null);
    }

    protected List<Map<String, Object>> run(Filters filters, EventSource events, Set<RemediationSql.Dimension> groupBy,
                                            String from, String to, String asOf) {
        long asOfMs = Instant.parse(asOf).toEpochMilli();
        long start = from == null ? 0 : Instant.parse(from).toEpochMilli();
        long end = Math.min(to == null ? Long.MAX_VALUE : Instant.parse(to).toEpochMilli(), asOfMs);
        List<RemediationSql.Period> periods = new ArrayList<>();
        if (groupBy.contains(MONTH)) {
            YearMonth m = YearMonth.from(Instant.ofEpochMilli(start == 0 ? Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() : start).atZone(ZoneOffset.UTC));
            while (m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() < end) {
                long ms = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                long me = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                periods.add(new RemediationSql.Period(m.toString(), Math.max(ms, start), Math.min(me, end)));
                m = m.plusMonths(1);
            }
        } else {
            periods.add(new RemediationSql.Period("all", start, end));
        }
        return remediation(new RemediationSql.Question(events, filters, groupBy, periods, asOfMs,
                RemediationSql.Slas.DEFAULT));
    }

    /** Answers a remediation question on the engine under test, as the API asks it. */
    protected List<Map<String, Object>> remediation(RemediationSql.Question question) {
        BoundSql st = RemediationSql.build(question);
        return query(st.sql(), st.parameters());
    }

    private static long n(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }

    private static Double d(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? null : ((Number) v).doubleValue();
    }

    @Test
    void emptyLakeGivesNoRows() {
        assertThat(run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-06-01T00:00:00Z")).isEmpty();
    }

    @Test
    void fixedAndDismissedAlertsGiveMttrWithoutFalsePositives() {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-11T00:00:00Z");
        lake.alert("octo", "api", 1, "dependabot", 2).created("2026-01-01T00:00:00Z")
                .dismissed("2026-01-05T00:00:00Z", "inaccurate");
        lake.alert("octo", "api", 1, "dependabot", 3).created("2026-01-01T00:00:00Z")
                .dismissed("2026-01-21T00:00:00Z", "tolerable_risk");
        lake.alert("octo", "api", 1, "dependabot", 4).created("2026-01-02T00:00:00Z");
        var rows = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z");
        assertThat(rows).hasSize(1);
        var r = rows.get(0);
        assertThat(n(r, "opened")).isEqualTo(4);
        assertThat(n(r, "fixed")).isEqualTo(1);
        assertThat(n(r, "dismissed")).isEqualTo(2);
        assertThat(n(r, "false_positives")).isEqualTo(1);
        assertThat(n(r, "open_at_end")).isEqualTo(1);
        // MTTR over the fix (10 days) and the tolerable-risk dismissal (20 days); the false positive is left out
        assertThat(d(r, "mttr_seconds")).isCloseTo(15 * DAY, within(1.0));
        assertThat(d(r, "mean_time_to_fix_seconds")).isCloseTo(10 * DAY, within(1.0));
        assertThat(d(r, "net_resolve_rate")).isCloseTo(3.0 / 4, within(1e-9));
        // open since Jan 2, measured at asOf Feb 1: 30 days
        assertThat(d(r, "mean_open_age_seconds")).isCloseTo(30 * DAY, within(1.0));
        assertThat(n(r, "sla_breaches")).isZero(); // high: 30 days; the open one is exactly 30 days old
    }

    @Test
    void reopenedAlertKeepsOriginalCreationDateAndCountsOneReopen() {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-03T00:00:00Z")
                .reopened("2026-01-10T00:00:00Z").fixed("2026-01-21T00:00:00Z");
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z").get(0);
        assertThat(n(r, "opened")).isEqualTo(1);
        assertThat(n(r, "fixed")).isEqualTo(1);
        assertThat(n(r, "reopened")).isEqualTo(1);
        // the last close counts, measured from the original creation: 20 days
        assertThat(d(r, "mttr_seconds")).isCloseTo(20 * DAY, within(1.0));
    }

    @Test
    void eventsReceivedInReverseOrderGiveTheNumbersOfTheirEventTimes() {
        // the same history as above, received last event first (a backlog drained out of order, redeliveries)
        lake.alert("octo", "api", 1, "dependabot", 1)
                .arrivingAt("2026-01-25T00:00:00Z").created("2026-01-01T00:00:00Z")
                .arrivingAt("2026-01-24T00:00:00Z").fixed("2026-01-03T00:00:00Z")
                .arrivingAt("2026-01-23T00:00:00Z").reopened("2026-01-10T00:00:00Z")
                .arrivingAt("2026-01-22T00:00:00Z").fixed("2026-01-21T00:00:00Z");
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z").get(0);
        assertThat(n(r, "opened")).isEqualTo(1);
        assertThat(n(r, "fixed")).isEqualTo(1);
        assertThat(n(r, "reopened")).isEqualTo(1);
        assertThat(n(r, "open_at_end")).isZero();
        // the last close by event time (Jan 21), from the creation: 20 days
        assertThat(d(r, "mttr_seconds")).isCloseTo(20 * DAY, within(1.0));
    }

    @Test
    void anAlertReopenedTwiceAndLateTwiceInAPeriodCountsOnceInReopenedAndInSlaBreaches() {
        lake.alert("octo", "api", 1, "dependabot", 1).severity("critical").created("2026-01-01T00:00:00Z")
                .fixed("2026-01-10T00:00:00Z").reopened("2026-01-12T00:00:00Z")
                .fixed("2026-01-14T00:00:00Z").reopened("2026-01-20T00:00:00Z");
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z").get(0);
        assertThat(n(r, "opened")).isEqualTo(1);
        assertThat(n(r, "reopened")).isEqualTo(1); // alerts, not transitions
        // the last close (Jan 14) counts: 13 days; reopened after it, the alert is open at the end
        assertThat(n(r, "fixed")).isEqualTo(1);
        assertThat(d(r, "mttr_seconds")).isCloseTo(13 * DAY, within(1.0));
        assertThat(n(r, "open_at_end")).isEqualTo(1);
        assertThat(d(r, "net_resolve_rate")).isZero();
        // closed after 13 days and open for 31 at the end, both over the critical SLA of 7: one breach, not two
        assertThat(n(r, "sla_breaches")).isEqualTo(1);
    }

    @Test
    void duplicateDeliveriesCountOnce() {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").duplicateOfLast()
                .fixed("2026-01-11T00:00:00Z").duplicateOfLast();
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z").get(0);
        assertThat(n(r, "opened")).isEqualTo(1);
        assertThat(n(r, "fixed")).isEqualTo(1);
        assertThat(d(r, "mttr_seconds")).isCloseTo(10 * DAY, within(1.0));
    }

    @Test
    void aCloseToldTwiceCountsOnceAtItsFirstTime() {
        // A code-scanning fix: reconciliation wrote it at GitHub's fixed_at (Jan 31), its webhook (which has no
        // fixed_at, so its receive time is its time) came back from a redelivery on Feb 1. One transition.
        lake.alert("octo", "api", 1, "code_scanning", 1).created("2026-01-01T00:00:00Z")
                .fixed("2026-01-31T23:50:00Z").fixed("2026-02-01T00:40:00Z");
        // and a dismissal told twice: the first one's reason and time hold
        lake.alert("octo", "api", 1, "dependabot", 2).created("2026-01-01T00:00:00Z")
                .dismissed("2026-01-11T00:00:00Z", "tolerable_risk").dismissed("2026-02-03T00:00:00Z", "inaccurate");
        var rows = run(EnumSet.of(MONTH), "2026-01-01T00:00:00Z", null, "2026-03-01T00:00:00Z");
        assertThat(rows).extracting(r -> r.get("period")).containsExactly("2026-01");
        var jan = rows.get(0);
        assertThat(n(jan, "fixed")).isEqualTo(1);
        assertThat(n(jan, "dismissed")).isEqualTo(1);
        assertThat(n(jan, "false_positives")).isZero();
        assertThat(d(jan, "mttr_seconds")).isCloseTo((30 * DAY + 23 * 3600 + 50 * 60 + 10 * DAY) / 2.0, within(1.0));
        var overall = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-03-01T00:00:00Z").get(0);
        assertThat(n(overall, "fixed")).isEqualTo(1);
        assertThat(d(overall, "mean_time_to_fix_seconds")).isCloseTo(30 * DAY + 23 * 3600 + 50 * 60, within(1.0));
        var lifecycle = query("SELECT * FROM alert_lifecycle ORDER BY alert_number", List.of());
        assertThat(d(lifecycle.get(0), "time_to_remediate_seconds")).isEqualTo(30 * DAY + 23 * 3600 + 50 * 60);
        assertThat(lifecycle.get(1)).containsEntry("dismissed_reason", "tolerable_risk");
        assertThat(d(lifecycle.get(1), "time_to_remediate_seconds")).isEqualTo(10 * DAY);
    }

    @Test
    void severitiesComeInTheOrderOfTheirRankNotOfTheirName() {
        int n = 0;
        for (String severity : List.of("low", "none", "medium", "critical", "high")) {
            lake.alert("octo", "api", 1, "dependabot", ++n).severity(severity).created("2026-01-01T00:00:00Z");
        }
        var rows = run(EnumSet.of(RemediationSql.Dimension.SEVERITY), null, null, "2026-02-01T00:00:00Z");
        assertThat(rows).extracting(r -> r.get("severity")).containsExactly("critical", "high", "medium", "low", "none");
    }

    @Test
    void alertFirstSeenThroughItsCloseWasOpenSinceCreation() {
        lake.alert("octo", "api", 1, "dependabot", 1).createdAtOnly("2026-01-10T00:00:00Z")
                .fixed("2026-03-10T00:00:00Z");
        var rows = run(EnumSet.of(MONTH), "2026-01-01T00:00:00Z", null, "2026-04-01T00:00:00Z");
        assertThat(rows).extracting(r -> r.get("period")).containsExactly("2026-01", "2026-02", "2026-03");
        assertThat(n(rows.get(0), "opened")).isEqualTo(1);
        assertThat(n(rows.get(0), "open_at_end")).isEqualTo(1);
        assertThat(n(rows.get(1), "open_at_end")).isEqualTo(1); // carried over: no event in February
        assertThat(n(rows.get(2), "fixed")).isEqualTo(1);
        assertThat(n(rows.get(2), "open_at_end")).isZero();
    }

    @Test
    void codeScanningFixOnAPullRequestBranchIsNotARemediation() {
        lake.alert("octo", "api", 1, "code_scanning", 7).created("2026-01-01T00:00:00Z")
                .onRef("refs/pull/11/merge").fixed("2026-01-05T00:00:00Z");
        lake.alert("octo", "api", 1, "code_scanning", 8).onRef("refs/heads/feature").created("2026-01-01T00:00:00Z");
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z").get(0);
        assertThat(n(r, "opened")).isEqualTo(1); // alert 8 was only seen on a feature branch: not counted
        assertThat(n(r, "fixed")).isZero();
        assertThat(n(r, "open_at_end")).isEqualTo(1);
    }

    @Test
    void negativeDurationIsCountedButLeftOutOfMeansAndSla() {
        lake.alert("octo", "api", 1, "dependabot", 1).createdAtOnly("2026-01-20T00:00:00Z")
                .fixed("2026-01-10T00:00:00Z");
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), "2026-01-01T00:00:00Z", null,
                "2026-02-01T00:00:00Z").get(0);
        assertThat(n(r, "fixed")).isEqualTo(1);
        assertThat(n(r, "invalid_durations")).isEqualTo(1);
        assertThat(d(r, "mttr_seconds")).isNull();
        assertThat(n(r, "sla_breaches")).isZero();
    }

    @Test
    void aCreationDatedAfterItsCloseDoesNotReopenTheAlert() {
        // GitHub's own REST example (rest/code-scanning/get-alert.200.json, its year moved to 2026): created June 19,
        // dismissed February 14 as a false positive; a backfill writes both events, the creation at its created_at
        lake.alert("octo", "api", 1, "code_scanning", 42).createdAtOnly("2026-06-19T11:21:34Z")
                .dismissed("2026-02-14T12:29:18Z", "false positive").created("2026-06-19T11:21:34Z");
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-09-01T00:00:00Z").get(0);
        assertThat(n(r, "opened")).isEqualTo(1);
        assertThat(n(r, "dismissed")).isEqualTo(1);
        assertThat(n(r, "false_positives")).isEqualTo(1);
        assertThat(n(r, "invalid_durations")).isEqualTo(1);
        assertThat(n(r, "reopened")).isZero();
        assertThat(n(r, "open_at_end")).isZero();
        assertThat(n(r, "sla_breaches")).isZero();
        assertThat(d(r, "net_resolve_rate")).isEqualTo(1.0);
        var alert = query("SELECT * FROM alert_lifecycle", List.of()).get(0);
        assertThat(alert).containsEntry("state", "dismissed");
        assertThat(n(alert, "reopen_count")).isZero();
        assertThat(d(alert, "time_to_remediate_seconds")).isNegative();
        // by month, the dismissal counts in February, where it happened, and the creation in June: the months add
        // up to the whole window's answer above
        var months = run(EnumSet.of(MONTH), null, null, "2026-09-01T00:00:00Z");
        assertThat(months).extracting(m -> m.get("period")).containsExactly("2026-02", "2026-06");
        var february = months.get(0);
        assertThat(n(february, "dismissed")).isEqualTo(1);
        assertThat(n(february, "false_positives")).isEqualTo(1);
        assertThat(n(february, "invalid_durations")).isEqualTo(1);
        assertThat(n(february, "opened")).isZero();
        assertThat(n(february, "open_at_end")).isZero();
        assertThat(n(february, "sla_breaches")).isZero();
        var june = months.get(1);
        assertThat(n(june, "opened")).isEqualTo(1);
        assertThat(n(june, "dismissed")).isZero();
        assertThat(n(june, "open_at_end")).isZero();
        for (var month : months) {
            assertThat(n(month, "reopened")).isZero();
        }
        // and a window of the close's months alone holds it
        var spring = run(EnumSet.noneOf(RemediationSql.Dimension.class), "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z",
                "2026-09-01T00:00:00Z");
        assertThat(spring).hasSize(1);
        assertThat(n(spring.get(0), "dismissed")).isEqualTo(1);
        assertThat(n(spring.get(0), "invalid_durations")).isEqualTo(1);
        assertThat(n(spring.get(0), "opened")).isZero();
    }

    @Test
    void aCloseInTheSecondOfTheCreationHoldsWhicheverArrivedFirst() {
        // a Dependabot alert auto-dismissed as it was created, the dismissal received first (reconciliation writes
        // both events with one receive time, and then their delivery ids decide)
        lake.alert("octo", "api", 1, "dependabot", 2).createdAtOnly("2026-01-10T00:00:00Z")
                .arrivingAt("2026-01-10T00:00:05Z").action("auto_dismissed", "dismissed", "2026-01-10T00:00:00Z")
                .arrivingAt("2026-01-10T00:00:06Z").created("2026-01-10T00:00:00Z");
        lake.alert("octo", "api", 1, "dependabot", 3).created("2026-01-10T00:00:00Z")
                .action("auto_dismissed", "dismissed", "2026-01-10T00:00:00Z");
        var months = run(EnumSet.of(MONTH), null, null, "2026-04-01T00:00:00Z");
        assertThat(months).extracting(m -> m.get("period")).containsExactly("2026-01");
        assertThat(n(months.get(0), "opened")).isEqualTo(2);
        assertThat(n(months.get(0), "dismissed")).isEqualTo(2);
        assertThat(n(months.get(0), "reopened")).isZero();
        assertThat(n(months.get(0), "open_at_end")).isZero();
        assertThat(query("SELECT * FROM alert_lifecycle ORDER BY alert_id", List.of())).extracting(a -> a.get("state"))
                .containsExactly("dismissed", "dismissed");
    }

    @Test
    void aCodeScanningEventWithAnEmptyRefIsTheDefaultBranchs() {
        lake.alert("octo", "api", 1, "code_scanning", 7).onRef("").created("2026-01-01T00:00:00Z")
                .fixed("2026-01-05T00:00:00Z");
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z").get(0);
        assertThat(n(r, "opened")).isEqualTo(1);
        assertThat(n(r, "fixed")).isEqualTo(1);
        assertThat(d(r, "mean_time_to_fix_seconds")).isEqualTo(4 * DAY);
    }

    @Test
    void anAlertCountsOnlyFromItsFirstDefaultBranchEventBeforeAsOf() {
        // seen on a pull request in January, on the default branch only with its fix in March
        lake.alert("octo", "api", 1, "code_scanning", 8).onRef("refs/pull/1/merge").created("2026-01-01T00:00:00Z")
                .onRef(null).fixed("2026-03-01T00:00:00Z");
        assertThat(run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z")).isEmpty();
        var later = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-04-01T00:00:00Z").get(0);
        assertThat(n(later, "opened")).isEqualTo(1); // from its created_at, like every alert
        assertThat(n(later, "fixed")).isEqualTo(1);
        assertThat(d(later, "mean_time_to_fix_seconds")).isEqualTo(59 * DAY);
    }

    @Test
    void netResolveRateIsNullWithNothingOpened() {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-02-10T00:00:00Z");
        var february = run(EnumSet.noneOf(RemediationSql.Dimension.class), "2026-02-01T00:00:00Z",
                "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z").get(0);
        assertThat(n(february, "opened")).isZero();
        assertThat(n(february, "fixed")).isEqualTo(1);
        assertThat(d(february, "net_resolve_rate")).isNull();
    }

    @Test
    void reopenCountCountsEveryReopenAndAMediumAlertBreachesAfterNinetyDays() {
        lake.alert("octo", "api", 1, "dependabot", 1).severity("medium").created("2026-01-01T00:00:00Z")
                .fixed("2026-01-10T00:00:00Z").reopened("2026-01-20T00:00:00Z").fixed("2026-02-01T00:00:00Z")
                .reopened("2026-02-10T00:00:00Z");
        var alert = query("SELECT * FROM alert_lifecycle", List.of()).get(0);
        assertThat(alert).containsEntry("state", "open");
        assertThat(n(alert, "reopen_count")).isEqualTo(2);
        var months = run(EnumSet.of(MONTH), null, null, "2026-05-01T00:00:00Z");
        assertThat(months).extracting(m -> m.get("period")).containsExactly("2026-01", "2026-02", "2026-03", "2026-04");
        assertThat(n(months.get(0), "reopened")).isEqualTo(1);
        assertThat(n(months.get(1), "reopened")).isEqualTo(1);
        // open since January 1 (a reopened alert keeps its creation): 90 days old on April 1 is not above 90,
        // 120 days on May 1 is
        assertThat(n(months.get(2), "sla_breaches")).isZero();
        assertThat(n(months.get(3), "sla_breaches")).isEqualTo(1);
    }

    @Test
    void aSignedBodySentAgainUnderANewDeliveryIdCountsOnce() {
        // a code-scanning fix's webhook carries no fixed_at, so its time is its receipt: sent again under a new
        // delivery id after the alert was reopened, it would close the alert again, for good, at the replay's time
        lake.alert("octo", "api", 1, "code_scanning", 7).severity("critical").created("2026-01-01T00:00:00Z")
                .fixedByWebhookReceivedAt("2026-01-03T00:00:00Z").replayedUnderANewIdAt("2026-02-20T00:00:00Z")
                .reopened("2026-01-10T00:00:00Z");
        var alert = query("SELECT * FROM alert_lifecycle", List.of()).get(0);
        assertThat(alert).containsEntry("state", "open");
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-03-01T00:00:00Z").get(0);
        assertThat(n(r, "open_at_end")).isEqualTo(1);
        assertThat(d(r, "mttr_seconds")).isEqualTo(2 * DAY); // its one fix, January 3
        assertThat(((Number) query("SELECT count(*) AS n FROM alert_events", List.of()).get(0).get("n")).intValue())
                .isEqualTo(3); // created, fixed, reopened
    }

    @Test
    void aRedeliveryUnderTheSameIdCountsOnceWhateverSecretSignedIt() {
        // GitHub signs a redelivery with the secret of the day: after a rotation, the same X-GitHub-Delivery comes
        // with another signature. Counted again, the fix's webhook (timed at its receipt) would close the reopened
        // alert on February 20
        lake.alert("octo", "api", 1, "code_scanning", 7).created("2026-01-01T00:00:00Z")
                .fixedByWebhookReceivedAt("2026-01-03T00:00:00Z")
                .redeliveredAfterASecretRotationAt("2026-02-20T00:00:00Z")
                .reopened("2026-01-10T00:00:00Z");
        assertThat(query("SELECT * FROM alert_lifecycle", List.of()).get(0)).containsEntry("state", "open");
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-03-01T00:00:00Z").get(0);
        assertThat(n(r, "fixed")).isEqualTo(1);
        assertThat(n(r, "open_at_end")).isEqualTo(1);
        assertThat(d(r, "mttr_seconds")).isEqualTo(2 * DAY); // its one fix, January 3
        assertThat(((Number) query("SELECT count(*) AS n FROM alert_events", List.of()).get(0).get("n")).intValue())
                .isEqualTo(3); // created, fixed, reopened
    }

    @Test
    void ofAFixAndAReopenAtTheSameInstantTheOneReceivedLaterWins() {
        // both timed January 10 00:00: alert 1's reopen was received last, alert 2's fix
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z")
                .arrivingAt("2026-01-10T00:00:05Z").fixed("2026-01-10T00:00:00Z")
                .arrivingAt("2026-01-10T00:00:06Z").reopened("2026-01-10T00:00:00Z");
        lake.alert("octo", "api", 1, "dependabot", 2).created("2026-01-01T00:00:00Z")
                .arrivingAt("2026-01-10T00:00:05Z").reopened("2026-01-10T00:00:00Z")
                .arrivingAt("2026-01-10T00:00:06Z").fixed("2026-01-10T00:00:00Z");
        var alerts = query("SELECT * FROM alert_lifecycle ORDER BY alert_number", List.of());
        assertThat(alerts).extracting(a -> a.get("state")).containsExactly("open", "fixed");
        assertThat(alerts).extracting(a -> n(a, "reopen_count")).containsExactly(1L, 0L);
        assertThat(alerts.get(0)).containsEntry("closed_ms", null);
        assertThat(d(alerts.get(1), "time_to_remediate_seconds")).isEqualTo(9 * DAY);
    }

    @Test
    void aSecretResolvedAsAFalsePositiveIsAFalsePositive() {
        lake.alert("octo", "api", 1, "secret_scanning", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-03T00:00:00Z");
        lake.alert("octo", "api", 1, "secret_scanning", 2).created("2026-01-01T00:00:00Z")
                .dismissed("2026-02-10T00:00:00Z", "false_positive"); // after 40 days, over the 30 of a secret
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-03-01T00:00:00Z").get(0);
        assertThat(n(r, "dismissed")).isEqualTo(1);
        assertThat(n(r, "false_positives")).isEqualTo(1);
        assertThat(d(r, "mttr_seconds")).isEqualTo(2 * DAY); // the revoked secret's alone
        assertThat(n(r, "sla_breaches")).isZero();
    }

    @Test
    void createdIsTheEarliestCreatedAtOfTheAlertsEvents() {
        // the fix names January 10 as the creation, a later event January 1: the alert was created January 1
        lake.alert("octo", "api", 1, "dependabot", 1).createdAtOnly("2026-01-10T00:00:00Z")
                .fixed("2026-01-20T00:00:00Z")
                .createdAtOnly("2026-01-01T00:00:00Z").action("assignees_changed", "fixed", "2026-01-25T00:00:00Z")
                .action("assignees_changed", "fixed", "2026-02-15T00:00:00Z");
        var alert = query("SELECT * FROM alert_lifecycle", List.of()).get(0);
        assertThat(n(alert, "created_ms")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        assertThat(d(alert, "time_to_remediate_seconds")).isEqualTo(19 * DAY);
        // as of now, and as of February 1, before the alert's last event
        for (String asOf : List.of("2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z")) {
            var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, asOf).get(0);
            assertThat(d(r, "mttr_seconds")).as(asOf).isEqualTo(19 * DAY);
        }
    }

    @Test
    void aCloseExactlyAtItsSlaIsNoBreachOneSecondLaterIs() {
        lake.alert("octo", "api", 1, "dependabot", 1).severity("critical").created("2026-01-01T00:00:00Z")
                .fixed("2026-01-08T00:00:00Z"); // 7 days: not above the critical SLA
        lake.alert("octo", "api", 1, "dependabot", 2).severity("critical").created("2026-01-01T00:00:00Z")
                .fixed("2026-01-08T00:00:01Z");
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z").get(0);
        assertThat(n(r, "fixed")).isEqualTo(2);
        assertThat(n(r, "sla_breaches")).isEqualTo(1);
    }

    @Test
    void aLowAlertBreachesItsDefaultSlaAfter180Days() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        lake.alert("octo", "api", 1, "dependabot", 1).severity("low").created(created.toString());
        var day179 = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null,
                created.plus(java.time.Duration.ofDays(179)).toString()).get(0);
        var day181 = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null,
                created.plus(java.time.Duration.ofDays(181)).toString()).get(0);
        assertThat(n(day179, "open_at_end")).isEqualTo(1);
        assertThat(n(day179, "sla_breaches")).isZero();
        assertThat(n(day181, "sla_breaches")).isEqualTo(1);
    }

    @Test
    void percentilesAreValuesOfThePopulationAtRankFloorOfPTimesN() {
        // fixes after 1, 2, 3, 4 and 10 days: n = 5, the median at rank floor(2.5) = 2 (3 days), the 90th
        // percentile at rank floor(4.5) = 4 (10 days); the mean is 20 / 5 = 4 days
        int number = 0;
        for (String fixed : List.of("2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05", "2026-01-11")) {
            lake.alert("octo", "api", 1, "dependabot", ++number).created("2026-01-01T00:00:00Z")
                    .fixed(fixed + "T00:00:00Z");
        }
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z").get(0);
        assertThat(d(r, "mttr_seconds")).isEqualTo(4 * DAY);
        assertThat(d(r, "p50_seconds")).isCloseTo(3 * DAY, within(1.0));
        assertThat(d(r, "p90_seconds")).isCloseTo(10 * DAY, within(1.0));
    }

    @Test
    void asOfInThePastIgnoresLaterEvents() {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-03-01T00:00:00Z");
        var rows = run(EnumSet.of(MONTH), "2026-01-01T00:00:00Z", null, "2026-03-01T00:00:00Z");
        // asOf March 1 ends with February; the fix at exactly asOf is ignored
        assertThat(rows).extracting(r -> r.get("period")).containsExactly("2026-01", "2026-02");
        assertThat(n(rows.get(1), "open_at_end")).isEqualTo(1);
        assertThat(n(rows.get(1), "fixed")).isZero();
        assertThat(n(rows.get(1), "sla_breaches")).isEqualTo(1); // high, open 59 days > 30
    }

    @Test
    void asOfInThePastTakesTheAlertAsItWasThen() {
        // rated low when created; the fix on March 10 carries a critical rating
        lake.alert("octo", "api", 1, "dependabot", 1).severity("low").created("2026-01-01T00:00:00Z")
                .severity("critical").fixed("2026-03-10T00:00:00Z");
        var then = run(EnumSet.of(RemediationSql.Dimension.SEVERITY), null, null, "2026-03-01T00:00:00Z");
        assertThat(then).extracting(r -> r.get("severity")).containsExactly("low");
        assertThat(n(then.get(0), "open_at_end")).isEqualTo(1);
        assertThat(n(then.get(0), "sla_breaches")).isZero(); // low: 180 days
        var now = run(EnumSet.of(RemediationSql.Dimension.SEVERITY), null, null, "2026-04-01T00:00:00Z");
        assertThat(now).extracting(r -> r.get("severity")).containsExactly("critical");
        assertThat(n(now.get(0), "fixed")).isEqualTo(1);
        assertThat(n(now.get(0), "sla_breaches")).isEqualTo(1); // critical: 68 days > 7
    }

    @Test
    void slaBreachesCountCloseAndOpenAgeButNeverFalsePositives() {
        lake.alert("octo", "api", 1, "dependabot", 1).severity("critical").created("2026-01-01T00:00:00Z")
                .fixed("2026-01-09T00:00:00Z"); // 8 days > 7
        lake.alert("octo", "api", 1, "dependabot", 2).severity("critical").created("2026-01-01T00:00:00Z")
                .dismissed("2026-01-20T00:00:00Z", "inaccurate"); // false positive: never a breach
        lake.alert("octo", "api", 1, "dependabot", 3).severity("low").created("2026-01-01T00:00:00Z"); // 31 < 180
        var r = run(EnumSet.noneOf(RemediationSql.Dimension.class), null, null, "2026-02-01T00:00:00Z").get(0);
        assertThat(n(r, "sla_breaches")).isEqualTo(1);
    }

    @Test
    void alertsOfSeverityNoneBreachOnlyAnSlaConfiguredForThem() {
        lake.alert("octo", "api", 1, "code_scanning", 1).severity("none").created("2026-01-01T00:00:00Z");
        long asOf = Instant.parse("2026-02-01T00:00:00Z").toEpochMilli();
        List<RemediationSql.Period> all = List.of(new RemediationSql.Period("all", 0, asOf));
        Filters none = Filters.NONE;
        RemediationSql.Slas d = RemediationSql.Slas.DEFAULT;

        var byDefault = remediation(new RemediationSql.Question(EventSource.ALL, none,
                EnumSet.of(RemediationSql.Dimension.SEVERITY), all, asOf, d)).get(0);
        var tenDays = remediation(new RemediationSql.Question(EventSource.ALL, none,
                EnumSet.of(RemediationSql.Dimension.SEVERITY), all, asOf,
                new RemediationSql.Slas(d.critical(), d.high(), d.medium(), d.low(), java.time.Duration.ofDays(10)))).get(0);

        assertThat(byDefault).containsEntry("severity", "none");
        assertThat(n(byDefault, "sla_breaches")).isZero();
        assertThat(n(tenDays, "sla_breaches")).isEqualTo(1); // open for 31 days
    }

    @Test
    void theReadmesAthenaExamplesRunOnTheViewsAndItsMonthlyMttrIsTheApis() throws Exception {
        lake.alert("octo-bank", "payments-api", 1, "dependabot", 12).severity("critical")
                .created("2026-01-01T00:00:00Z").fixed("2026-01-11T00:00:00Z");
        lake.alert("octo-bank", "payments-api", 1, "dependabot", 13).severity("critical").created("2026-01-05T00:00:00Z");
        lake.alert("octo-bank", "ledger", 2, "dependabot", 1).severity("high").created("2026-01-02T00:00:00Z")
                .dismissed("2026-01-04T00:00:00Z", "tolerable_risk");
        lake.alert("globex", "shop", 3, "code_scanning", 1).created("2026-01-03T00:00:00Z").fixed("2026-02-03T00:00:00Z");
        List<String> statements = new ArrayList<>();
        java.util.regex.Matcher sql = java.util.regex.Pattern.compile("```sql\\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(java.nio.file.Files.readString(Path.of("README.md")));
        while (sql.find()) {
            for (String statement : sql.group(1).split(";")) {
                if (!statement.strip().isEmpty()) {
                    statements.add(statement.strip());
                }
            }
        }
        assertThat(statements).hasSizeGreaterThanOrEqualTo(3);

        for (String statement : statements) { // each names columns the views have, and finds this lake's rows
            assertThat(query(statement, List.of())).as(statement).isNotEmpty();
        }
        // "MTTR per org and month, as the API computes it": the first example against the API's question
        String now = Instant.now().toString();
        Map<String, Double> api = new java.util.HashMap<>();
        for (var row : run(EnumSet.of(ORG, MONTH), null, null, now)) {
            if (row.get("mttr_seconds") != null) {
                api.put(row.get("org") + " " + row.get("period"), d(row, "mttr_seconds") / DAY);
            }
        }
        Map<String, Double> athena = new java.util.HashMap<>();
        for (var row : query(statements.get(0), List.of())) {
            if (row.get("mttr_days") != null) {
                athena.put(row.get("org") + " " + row.get("month"), d(row, "mttr_days"));
            }
        }
        assertThat(api).containsOnlyKeys("octo-bank 2026-01", "globex 2026-02");
        assertThat(athena.keySet()).isEqualTo(api.keySet());
        api.forEach((group, days) -> assertThat(athena.get(group)).as(group).isCloseTo(days, within(1e-6)));
    }

    @Test
    void namesAreTheLatestAfterARename() {
        lake.alert("octo", "old-name", 42, "dependabot", 1).created("2026-01-01T00:00:00Z")
                .renamedTo("octo-new", "new-name", "2026-01-15T00:00:00Z");
        var rows = run(EnumSet.of(ORG, RemediationSql.Dimension.REPO), null, null, "2026-02-01T00:00:00Z");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("org", "octo-new").containsEntry("repo", "new-name");
    }

    @Test
    void aCopyOfADeliveryFromBeforeARenameReceivedAfterItDoesNotBringTheOldNamesBack() {
        lake.alert("octo", "old-name", 42, "dependabot", 1).created("2026-01-01T00:00:00Z")
                .renamedTo("octo-new", "new-name", "2026-01-15T00:00:00Z")
                .duplicateOfLastAt("2026-01-20T00:00:00Z"); // the created delivery, handed over again
        var rows = run(EnumSet.of(ORG, RemediationSql.Dimension.REPO), null, null, "2026-02-01T00:00:00Z");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("org", "octo-new").containsEntry("repo", "new-name");
        assertThat(n(rows.get(0), "opened")).isEqualTo(1);
    }

    @Test
    void aQuestionAboutAnOrgReadsTheEventsItsRepositoriesHadUnderEveryOrg() {
        // created under octo, then the repository moves to octo-new, where the alert is fixed: its events sit in
        // the org=octo and org=octo-new partitions
        lake.alert("octo", "api", 42, "dependabot", 1).created("2026-01-01T00:00:00Z")
                .renamedTo("octo-new", "api", "2026-01-05T00:00:00Z");
        lake.alert("octo-new", "api", 42, "dependabot", 1).createdAtOnly("2026-01-01T00:00:00Z")
                .fixed("2026-01-11T00:00:00Z");
        lake.alert("other", "web", 7, "dependabot", 1).created("2026-01-02T00:00:00Z");
        String asOf = "2026-02-01T00:00:00Z";

        EventSource scoped = EventSource.forFilters(orgs("octo-new"), engine(), java.time.Duration.ofSeconds(30))
                .orElseThrow();
        assertThat(scoped.parameters()).containsExactly("octo", "octo-new");
        var rows = run(orgs("octo-new"), scoped, EnumSet.of(ORG), null, null, asOf);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("org", "octo-new");
        assertThat(n(rows.get(0), "opened")).isEqualTo(1);
        assertThat(n(rows.get(0), "fixed")).isEqualTo(1);
        assertThat(d(rows.get(0), "mttr_seconds")).isCloseTo(10 * DAY, within(0.001));
        // the same numbers as the whole lake filtered by org
        assertThat(rows).isEqualTo(run(orgs("octo-new"), EventSource.ALL, EnumSet.of(ORG), null, null, asOf));
        // no repository is in octo any more: nothing to read, no alert to count
        assertThat(EventSource.forFilters(orgs("octo"), engine(), java.time.Duration.ofSeconds(30))).isEmpty();
        var repos = new Filters(null, List.of("other/web"), null, null, null, null, null, null);
        assertThat(EventSource.forFilters(repos, engine(), java.time.Duration.ofSeconds(30)).orElseThrow()
                .parameters()).containsExactly("other");
    }

    @Test
    void stateBeforeTheFirstPeriodCarriesIntoEveryLaterPeriod() {
        // fixed before the window starts, reopened in its second month; another open since before the window
        lake.alert("octo", "api", 1, "dependabot", 1).created("2025-12-01T00:00:00Z").fixed("2025-12-20T00:00:00Z")
                .reopened("2026-02-10T00:00:00Z");
        lake.alert("octo", "api", 1, "dependabot", 2).created("2025-12-05T00:00:00Z");
        var rows = run(EnumSet.of(MONTH), "2026-01-01T00:00:00Z", null, "2026-03-01T00:00:00Z");
        assertThat(rows).extracting(r -> r.get("period")).containsExactly("2026-01", "2026-02");
        var jan = rows.get(0);
        assertThat(n(jan, "opened")).isZero();
        assertThat(n(jan, "open_at_end")).isEqualTo(1);
        assertThat(n(jan, "reopened")).isZero();
        var feb = rows.get(1);
        assertThat(n(feb, "reopened")).isEqualTo(1);
        assertThat(n(feb, "open_at_end")).isEqualTo(2);
        assertThat(n(feb, "fixed")).isZero();
    }

    @Test
    void remediationMonthlyViewRunsOnTheSameLake() {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-11T00:00:00Z");
        var rows = query("SELECT * FROM remediation_monthly WHERE org = ? ORDER BY period", List.of("octo"));
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0)).containsEntry("period", "2026-01").containsEntry("alert_type", "dependabot");
        assertThat(n(rows.get(0), "fixed")).isEqualTo(1);
    }

    @Test
    void remediationMonthlyRowsCombineIntoTheOverallMttrWeightedByTheirCloses() {
        // January: a fix after 10 days (api), one after 20 days and a false positive (web), a negative duration (api)
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-11T00:00:00Z");
        lake.alert("octo", "web", 2, "dependabot", 2).created("2026-01-01T00:00:00Z").fixed("2026-01-21T00:00:00Z");
        lake.alert("octo", "web", 2, "dependabot", 3).created("2026-01-02T00:00:00Z")
                .dismissed("2026-01-03T00:00:00Z", "inaccurate");
        lake.alert("octo", "api", 1, "dependabot", 4).createdAtOnly("2026-01-20T00:00:00Z")
                .fixed("2026-01-10T00:00:00Z");
        var overall = run(EnumSet.noneOf(RemediationSql.Dimension.class), "2026-01-01T00:00:00Z",
                "2026-02-01T00:00:00Z", "2026-02-01T00:00:00Z").get(0);
        assertThat(d(overall, "mttr_seconds")).isEqualTo(15 * 86_400.0);
        assertThat(n(overall, "mttr_closes")).isEqualTo(2);
        var rows = query("SELECT * FROM remediation_monthly WHERE period = ? ORDER BY repo", List.of("2026-01"));
        assertThat(rows).extracting(r -> r.get("repo")).containsExactly("api", "web");
        assertThat(rows).extracting(r -> n(r, "mttr_closes")).containsExactly(1L, 1L);
        double weighted = rows.stream().mapToDouble(r -> d(r, "mttr_seconds") * n(r, "mttr_closes")).sum()
                / rows.stream().mapToLong(r -> n(r, "mttr_closes")).sum();
        assertThat(weighted).isEqualTo(d(overall, "mttr_seconds"));
    }

    /** Every kind of event the views tell apart, with milliseconds in the close times. */
    private void variedLake() {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z").duplicateOfLast()
                .fixed("2026-01-05T00:00:00.250Z").reopened("2026-01-10T00:00:00Z")
                .dismissed("2026-01-20T00:00:00.500Z", "inaccurate");
        lake.alert("octo", "web", 2, "code_scanning", 3).severity("critical").created("2026-02-01T00:00:00Z")
                .onRef("refs/pull/4/merge").fixed("2026-02-03T00:00:00Z");
        lake.alert("octo", "web", 2, "code_scanning", 5).onRef("refs/heads/feature").created("2026-02-02T00:00:00Z");
        lake.alert("octo", "api", 1, "secret_scanning", 4).created("2026-03-01T00:00:00Z")
                .fixed("2026-03-02T12:00:00.125Z");
    }

    private static List<Map<String, Object>> of(List<Map<String, Object>> rows, String alertId) {
        return rows.stream().filter(r -> alertId.equals(r.get("alert_id"))).toList();
    }

    @Test
    void alertEventsViewHasEachDeliveryOnceWithTheStateAfterIt() {
        variedLake();
        var rows = query("SELECT * FROM alert_events ORDER BY alert_key, seq", List.of());
        assertThat(rows).hasSize(9); // 5 deliveries of alert 1, one of them a duplicate; 2 + 1 + 2 of the others
        var dependabot = of(rows, "octo/api/dependabot/1");
        assertThat(dependabot).extracting(r -> r.get("state_after")).containsExactly("open", "fixed", "open", "dismissed");
        assertThat(dependabot).extracting(r -> r.get("is_reopen")).containsExactly(false, false, true, false);
        assertThat(dependabot).extracting(r -> r.get("false_positive")).containsExactly(false, false, false, true);
        // a fix on a pull request changes no state
        assertThat(of(rows, "octo/web/code_scanning/3")).extracting(r -> r.get("state_after")).containsExactly("open", "open");
        assertThat(of(rows, "octo/web/code_scanning/5")).extracting(r -> r.get("counts")).containsOnly(false);
    }

    @Test
    void appearedInBranchChangesOnlyAnAlertWithNoEarlierState() {
        // fixed in January; GitHub says it appeared in the default branch (alert.state fixed) in March
        lake.alert("octo", "web", 2, "code_scanning", 1).created("2026-01-01T00:00:00Z").fixed("2026-01-10T00:00:00Z")
                .action("appeared_in_branch", "fixed", "2026-03-15T00:00:00Z");
        // dismissed in January, then appeared in the default branch as open: still dismissed
        lake.alert("octo", "web", 2, "code_scanning", 2).created("2026-01-01T00:00:00Z")
                .dismissed("2026-01-05T00:00:00Z", "won't fix").action("appeared_in_branch", "open", "2026-03-16T00:00:00Z");
        // first seen on a pull request, then merged: appeared_in_branch opens it
        lake.alert("octo", "web", 2, "code_scanning", 3).onRef("refs/pull/7/merge").created("2026-02-01T00:00:00Z")
                .onRef(null).action("appeared_in_branch", "open", "2026-02-03T00:00:00Z");
        var months = run(EnumSet.of(MONTH), "2026-01-01T00:00:00Z", null, "2026-04-01T00:00:00Z");
        assertThat(months).extracting(r -> r.get("period")).containsExactly("2026-01", "2026-02", "2026-03");
        assertThat(n(months.get(0), "fixed")).isEqualTo(1);
        assertThat(n(months.get(0), "dismissed")).isEqualTo(1);
        assertThat(n(months.get(1), "opened")).isEqualTo(1);
        assertThat(n(months.get(2), "fixed")).isZero();
        assertThat(n(months.get(2), "reopened")).isZero();
        assertThat(n(months.get(2), "open_at_end")).isEqualTo(1); // alert 3 only
        var alerts = query("SELECT * FROM alert_lifecycle ORDER BY alert_id", List.of());
        assertThat(alerts).extracting(r -> r.get("state")).containsExactly("fixed", "dismissed", "open");
        assertThat(d(alerts.get(0), "time_to_remediate_seconds")).isEqualTo(9 * DAY);
    }

    @Test
    void dismissedReasonIsTheLastClosesOwnEvenWhenItHasNone() {
        lake.alert("octo", "api", 1, "dependabot", 1).created("2026-01-01T00:00:00Z")
                .dismissed("2026-01-05T00:00:00Z", "inaccurate").reopened("2026-01-10T00:00:00Z")
                .dismissed("2026-01-20T00:00:00Z", null);
        var alert = query("SELECT * FROM alert_lifecycle", List.of()).get(0);
        assertThat(alert).containsEntry("state", "dismissed").containsEntry("dismissed_reason", null);
        assertThat(d(alert, "time_to_remediate_seconds")).isEqualTo(19 * DAY);
        // and January's close is not a false positive: the one in force has no reason
        var jan = run(EnumSet.of(MONTH), "2026-01-01T00:00:00Z", null, "2026-02-01T00:00:00Z").get(0);
        assertThat(n(jan, "false_positives")).isZero();
        assertThat(d(jan, "mttr_seconds")).isEqualTo(19 * DAY);
    }

    @Test
    void alertLifecycleViewHasEachCountedAlertAsOfNow() {
        variedLake();
        var rows = query("SELECT * FROM alert_lifecycle ORDER BY alert_id", List.of());
        // alert 5 was only seen on a feature branch: it never counted
        assertThat(rows).extracting(r -> r.get("alert_id"))
                .containsExactly("octo/api/dependabot/1", "octo/api/secret_scanning/4", "octo/web/code_scanning/3");
        assertThat(rows.get(0)).containsEntry("state", "dismissed").containsEntry("close_reason", "dismissed")
                .containsEntry("dismissed_reason", "inaccurate");
        assertThat(n(rows.get(0), "reopen_count")).isEqualTo(1);
        // from the original creation to the last close, to the millisecond
        assertThat(d(rows.get(0), "time_to_remediate_seconds")).isCloseTo(19 * DAY + 0.5, within(1e-6));
        assertThat(rows.get(1)).containsEntry("state", "fixed").containsEntry("close_reason", "fixed");
        assertThat(d(rows.get(1), "time_to_remediate_seconds")).isCloseTo(1.5 * DAY + 0.125, within(1e-6));
        assertThat(rows.get(2)).containsEntry("state", "open").containsEntry("closed_ms", null)
                .containsEntry("time_to_remediate_seconds", null);
    }

    @Test
    void remediationMonthlyViewHasARowPerGroupAndMonthWithData() {
        variedLake();
        // the current month ends now, a moving instant: its row is read apart from the finished months'
        String current = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        var rows = query("SELECT * FROM remediation_monthly WHERE period < ? "
                + "ORDER BY org, repo, alert_type, severity, tool, period", List.of(current));
        // the view's months run from the first with an event (January) to the current one; a group has a row
        // where it has a count: the critical code-scanning alert, open since February, in every month since
        List<String> expected = new java.util.ArrayList<>(List.of("dependabot 2026-01", "secret_scanning 2026-03"));
        for (var m = java.time.YearMonth.of(2026, 2); m.isBefore(java.time.YearMonth.parse(current)); m = m.plusMonths(1)) {
            expected.add("code_scanning " + m);
        }
        assertThat(rows).extracting(r -> r.get("alert_type") + " " + r.get("period"))
                .containsExactlyElementsOf(expected);
        var dependabot = rows.get(0);
        assertThat(n(dependabot, "opened")).isEqualTo(1);
        assertThat(n(dependabot, "dismissed")).isEqualTo(1);
        assertThat(n(dependabot, "false_positives")).isEqualTo(1);
        assertThat(n(dependabot, "reopened")).isEqualTo(1);
        assertThat(d(dependabot, "mttr_seconds")).isNull(); // its last close was a false positive
        var secret = rows.get(1);
        assertThat(n(secret, "fixed")).isEqualTo(1);
        assertThat(d(secret, "mttr_seconds")).isCloseTo(1.5 * DAY + 0.125, within(1e-6));
        assertThat(d(secret, "p50_seconds")).isCloseTo(1.5 * DAY + 0.125, within(1e-6));
        // the critical code-scanning alert stays open: over its 7-day SLA at the end of every month, this one too
        for (var month : rows.subList(2, rows.size())) {
            assertThat(n(month, "open_at_end")).isEqualTo(1);
            assertThat(n(month, "sla_breaches")).isEqualTo(1);
        }
        var now = query("SELECT alert_type, open_at_end, sla_breaches FROM remediation_monthly WHERE period = ?",
                List.of(current));
        assertThat(now).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("alert_type", "code_scanning");
            assertThat(n(r, "open_at_end")).isEqualTo(1);
            assertThat(n(r, "sla_breaches")).isEqualTo(1);
        });
        // open since February 1: 28 days at March 1, 59 days at April 1, 89 at May 1 (a month without events)
        assertThat(d(rows.get(2), "mean_open_age_seconds")).isCloseTo(28 * DAY, within(1e-6));
        assertThat(d(rows.get(3), "mean_open_age_seconds")).isCloseTo(59 * DAY, within(1e-6));
        assertThat(d(rows.get(4), "mean_open_age_seconds")).isCloseTo(89 * DAY, within(1e-6));
    }
}
