package io.alertlake.query;

import io.alertlake.local.DuckDbEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The macros of sql/duckdb/macros.sql give DuckDB the Athena (Trino) functions the views use. */
class DuckDbMacrosTest {

    @TempDir
    Path dir;

    private Map<String, Object> one(String sql) {
        try (DuckDbEngine engine = new DuckDbEngine(dir.resolve("lake"), dir.resolve("work"))) {
            return engine.query(sql, List.of(), Duration.ofSeconds(10)).get(0);
        }
    }

    @Test
    void toUnixtimeGivesEpochSecondsInUtc() {
        assertThat(((Number) one("SELECT to_unixtime(TIMESTAMP '2026-01-01 00:00:00') AS s").get("s")).doubleValue())
                .isEqualTo(1767225600.0);
    }

    @Test
    void fromUnixtimeIsTheInverseInUtcOrTheZoneGiven() {
        assertThat(one("SELECT CAST(from_unixtime(1767225600) AS varchar) AS t").get("t").toString())
                .startsWith("2026-01-01 00:00:00");
        assertThat(one("SELECT CAST(from_unixtime(1767225600, 'UTC') AS varchar) AS t").get("t").toString())
                .startsWith("2026-01-01 00:00:00");
        // as Trino's: the wall-clock time in that zone
        assertThat(one("SELECT CAST(from_unixtime(1767225600, 'America/New_York') AS varchar) AS t").get("t").toString())
                .startsWith("2025-12-31 19:00:00");
    }

    @Test
    void withTimezoneReadsAWallClockTimeInTheZoneGiven() {
        assertThat(((Number) one("SELECT to_unixtime(with_timezone(TIMESTAMP '2026-01-01 00:00:00', 'UTC')) AS s")
                .get("s")).doubleValue()).isEqualTo(1767225600.0);
        assertThat(((Number) one("SELECT to_unixtime(with_timezone(TIMESTAMP '2025-12-31 19:00:00', 'America/New_York')) AS s")
                .get("s")).doubleValue()).isEqualTo(1767225600.0);
    }

    @Test
    void approxPercentileTakesTheValueAtRankPTimesNLikeTrino() {
        Map<String, Object> r = one("SELECT approx_percentile(x, ARRAY[0.5, 0.9])[1] AS p50, "
                + "approx_percentile(x, ARRAY[0.5, 0.9])[2] AS p90 FROM (VALUES (1.0), (2.0), (3.0), (4.0), (5.0)) AS t (x)");
        assertThat(((Number) r.get("p50")).doubleValue()).isEqualTo(3.0); // rank floor(2.5) = 2 of 0..4
        assertThat(((Number) r.get("p90")).doubleValue()).isEqualTo(5.0); // rank floor(4.5) = 4
        // an exact rank takes the value above it, not the mean of the two around it: rank floor(1.0) of 0..1
        Map<String, Object> two = one("SELECT approx_percentile(x, ARRAY[0.5])[1] AS p50 FROM (VALUES (10.0), (20.0)) AS t (x)");
        assertThat(((Number) two.get("p50")).doubleValue()).isEqualTo(20.0);
    }

    @Test
    void approxPercentileIgnoresNullsAndIsNullForNoValues() {
        assertThat(((Number) one("SELECT approx_percentile(x, ARRAY[0.5])[1] AS p FROM (VALUES (CAST(NULL AS double)), (1.0), "
                + "(CAST(NULL AS double))) AS t (x)").get("p")).doubleValue()).isEqualTo(1.0);
        assertThat(one("SELECT approx_percentile(x, ARRAY[0.5])[1] AS p FROM (VALUES (CAST(NULL AS double))) AS t (x)").get("p"))
                .isNull();
    }

    @Test
    void sequenceOfMonthsIncludesBothEnds() {
        Map<String, Object> r = one("SELECT cardinality(s) AS n, CAST(s[3] AS varchar) AS last "
                + "FROM (SELECT sequence(TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-03-01 00:00:00', "
                + "INTERVAL '1' MONTH) AS s) x");
        assertThat(((Number) r.get("n")).intValue()).isEqualTo(3);
        assertThat(r.get("last").toString()).startsWith("2026-03-01 00:00:00");
    }

    @Test
    void monthsOfTheDataRenderInBothDialects() {
        // the expressions of sql/queries/months.sql
        Map<String, Object> r = one("SELECT CAST(year(m) AS varchar) || '-' || lpad(CAST(month(m) AS varchar), 2, '0') AS period, "
                + "CAST(to_unixtime(with_timezone(m + INTERVAL '1' MONTH, 'UTC')) * 1000 AS bigint) AS next_ms "
                + "FROM (SELECT CAST(date_trunc('month', from_unixtime(1769904000000 / 1000, 'UTC')) AS timestamp) AS m) x");
        assertThat(r.get("period")).isEqualTo("2026-02");
        assertThat(((Number) r.get("next_ms")).longValue()).isEqualTo(1772323200000L);
    }
}
