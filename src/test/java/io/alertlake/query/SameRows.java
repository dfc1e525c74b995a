package io.alertlake.query;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Two engines' answers to the same query are the same: the same rows in the same order, the same columns with
 * values of the same Java type; counts, names and flags equal, durations equal to the lake's millisecond,
 * approximate percentiles within 1% (docs/metrics.md allows that much).
 */
final class SameRows {

    /** approx_percentile is approximate on Trino and Athena by design. */
    private static final Set<String> PERCENTILES = Set.of("p50_seconds", "p90_seconds");
    /** Measured up to "now" in the views: two engines' "now" are the time between their queries apart. */
    private static final Set<String> NOW_DEPENDENT = Set.of("mean_open_age_seconds");

    private SameRows() {
    }

    /**
     * @param nowDriftSeconds how far apart the two engines' "now" can be
     */
    static void assertSame(List<Map<String, Object>> expected, List<Map<String, Object>> actual, double nowDriftSeconds) {
        assertThat(actual).as("number of rows").hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i);
            Map<String, Object> a = actual.get(i);
            assertThat(List.copyOf(a.keySet())).as("columns of row %d", i).isEqualTo(List.copyOf(e.keySet()));
            for (String column : e.keySet()) {
                assertSameValue(column, i, e.get(column), a.get(column), nowDriftSeconds);
            }
        }
    }

    private static void assertSameValue(String column, int row, Object e, Object a, double nowDriftSeconds) {
        String what = "row " + row + ", column " + column;
        if (e == null || a == null) {
            assertThat(a).as(what).isEqualTo(e);
            return;
        }
        assertThat(a.getClass()).as(what + ": Java type").isEqualTo(e.getClass());
        if (!(e instanceof Double expected)) {
            assertThat(a).as(what).isEqualTo(e);
        } else if (PERCENTILES.contains(column)) {
            assertThat((Double) a).as(what).isCloseTo(expected, withinPercentage(1));
        } else if (NOW_DEPENDENT.contains(column)) {
            assertThat((Double) a).as(what).isCloseTo(expected, within(nowDriftSeconds + 0.001));
        } else {
            assertThat((Double) a).as(what).isCloseTo(expected, within(0.001));
        }
    }
}
