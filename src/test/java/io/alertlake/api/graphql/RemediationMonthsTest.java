package io.alertlake.api.graphql;

import io.alertlake.local.DuckDbEngine;
import io.alertlake.query.TestLake;
import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which months a remediation question grouped by MONTH answers, asked through the API's own path on DuckDB. */
class RemediationMonthsTest {

    private static final AlertMetrics.Criteria ALL = new AlertMetrics.Criteria(null, null, null, null, null, null, null);

    @TempDir
    Path dir;
    private DuckDbEngine duckdb;
    private SqlAlertMetrics api;

    @BeforeEach
    void lakeAndApi() {
        TestLake lake = new TestLake(dir.resolve("lake"));
        // dismissed on February 10, though GitHub gives June 1 as its creation (a negative duration)
        lake.alert("octo", "api", 1, "dependabot", 1).createdAtOnly("2026-06-01T00:00:00Z")
                .dismissed("2026-02-10T00:00:00Z", "tolerable_risk");
        lake.alert("octo", "api", 1, "dependabot", 2).created("2026-06-05T00:00:00Z");
        duckdb = new DuckDbEngine(lake.root(), dir.resolve("work"));
        api = new SqlAlertMetrics(duckdb, TestConfigs.of(Map.of("alertlake.api.cache-ttl", "0s")));
    }

    @AfterEach
    void close() {
        duckdb.close();
    }

    @Test
    void aCloseDatedBeforeItsAlertsCreationCountsInItsMonthAsInTheWholeWindow() {
        Instant asOf = Instant.parse("2026-07-01T00:00:00Z");
        RemediationStats whole = api.remediation(ALL, Set.of(), asOf).get(0);
        assertThat(whole.dismissed()).isEqualTo(1);
        assertThat(whole.invalidDurations()).isEqualTo(1);

        List<RemediationStats> months = api.remediation(ALL, Set.of(Dimension.MONTH), asOf);
        assertThat(months).extracting(RemediationStats::month).containsExactly("2026-02", "2026-06");
        assertThat(months.get(0).dismissed()).isEqualTo(1);
        assertThat(months.get(0).invalidDurations()).isEqualTo(1);
        assertThat(months.get(1).opened()).isEqualTo(2);
        // the months add up to the whole window's answer
        assertThat(months.stream().mapToInt(RemediationStats::dismissed).sum()).isEqualTo(whole.dismissed());
        assertThat(months.stream().mapToInt(RemediationStats::opened).sum()).isEqualTo(whole.opened());
    }
}
