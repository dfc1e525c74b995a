package io.alertlake.local;

import io.alertlake.query.EventSource;
import io.alertlake.query.Filters;
import io.alertlake.query.RemediationSql;
import io.alertlake.query.RemediationSql.Period;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which remediation questions the local copy answers from its month rows: only those whose answer from the
 * events would be the same rows. The rest are answered from the events.
 */
class MonthRowsCoverageTest {

    /** The table reaches March 2026; the latest event or creation is on 2026-03-14. */
    private static final MonthRowsTable.Coverage COVERAGE =
            new MonthRowsTable.Coverage(ms("2026-03-01T00:00:00Z"), ms("2026-03-14T10:00:00Z"));

    @Test
    void wholeCalendarMonthsAskedAfterTheLatestEventAreCovered() {
        assertThat(covers(ms("2026-04-01T00:00:00Z"),
                month("2026-01", "2026-01-01", "2026-02-01"), month("2026-02", "2026-02-01", "2026-03-01"))).isTrue();
    }

    @Test
    void aLastMonthEndingAtAsOfAfterTheLatestEventIsCovered() {
        assertThat(covers(ms("2026-03-20T00:00:00Z"), month("2026-03", "2026-03-01", "2026-03-20"))).isTrue();
    }

    @Test
    void asOfAtOrBeforeTheLatestEventIsNot() {
        // the alerts as of then are not the alerts as their latest events left them
        assertThat(covers(ms("2026-03-14T10:00:00Z"), month("2026-01", "2026-01-01", "2026-02-01"))).isFalse();
        assertThat(covers(ms("2026-02-01T00:00:00Z"), month("2026-01", "2026-01-01", "2026-02-01"))).isFalse();
    }

    @Test
    void aMonthCutShortBeforeTheLatestEventIsNot() {
        // "to" ends March on the 10th: an event of the 14th lies between that end and the month's
        assertThat(covers(ms("2026-04-01T00:00:00Z"), month("2026-03", "2026-03-01", "2026-03-10"))).isFalse();
    }

    @Test
    void periodsThatAreNotCalendarMonthsAreNot() {
        assertThat(covers(ms("2026-04-01T00:00:00Z"), new Period("all", 0, ms("2026-04-01T00:00:00Z")))).isFalse();
        assertThat(covers(ms("2026-04-01T00:00:00Z"), month("2026-01", "2026-01-15", "2026-02-01"))).isFalse();
        assertThat(covers(ms("2026-04-01T00:00:00Z"), month("2026-01", "2026-01-01", "2026-03-01"))).isFalse();
    }

    @Test
    void aMonthAfterTheTablesLastIsNot() {
        assertThat(covers(ms("2026-05-01T00:00:00Z"), month("2026-04", "2026-04-01", "2026-05-01"))).isFalse();
    }

    @Test
    void eventsReadFromSomePartitionsAreNot() {
        var q = new RemediationSql.Question(EventSource.partitions(List.of("octo")), Filters.NONE,
                EnumSet.of(RemediationSql.Dimension.MONTH), List.of(month("2026-01", "2026-01-01", "2026-02-01")),
                ms("2026-04-01T00:00:00Z"), RemediationSql.Slas.DEFAULT);
        assertThat(COVERAGE.covers(q)).isFalse();
    }

    @Test
    void nothingIsCoveredBeforeTheTableIsMade() {
        var q = new RemediationSql.Question(EventSource.ALL, Filters.NONE, EnumSet.of(RemediationSql.Dimension.MONTH),
                List.of(month("2026-01", "2026-01-01", "2026-02-01")), ms("2026-04-01T00:00:00Z"),
                RemediationSql.Slas.DEFAULT);
        assertThat(MonthRowsTable.Coverage.NONE.covers(q)).isFalse();
    }

    private static boolean covers(long asOf, Period... periods) {
        return COVERAGE.covers(new RemediationSql.Question(EventSource.ALL, Filters.NONE,
                EnumSet.of(RemediationSql.Dimension.MONTH), List.of(periods), asOf, RemediationSql.Slas.DEFAULT));
    }

    private static Period month(String label, String from, String to) {
        return new Period(label, ms(from + (from.length() == 10 ? "T00:00:00Z" : "")),
                ms(to + (to.length() == 10 ? "T00:00:00Z" : "")));
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
