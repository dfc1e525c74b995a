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
 * approximate percentiles within 1% (docs/metrics.md allows that much). The scenarios' events lie in the past, so
 * "now" of the views, which differs between the two queries, changes nothing.
 */
public final class SameRows {

    /** approx_percentile is approximate on Trino and Athena by design. */
    private static final Set<String> PERCENTILES = Set.of("p50_seconds", "p90_seconds");

    private SameRows() {
    }

    public static void assertSame(List<Map<String, Object>> expected, List<Map<String, Object>> actual) {
        assertThat(actual).as("number of rows").hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i);
            Map<String, Object> a = actual.get(i);
            assertThat(List.copyOf(a.keySet())).as("columns of row %d", i).isEqualTo(List.copyOf(e.keySet()));
            for (String column : e.keySet()) {
                assertSameValue(column, i, e.get(column), a.get(column));
            }
        }
    }

    private static void assertSameValue(String column, int row, Object e, Object a) {
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
        } else {
            assertThat((Double) a).as(what).isCloseTo(expected, within(0.001));
        }
    }
}
