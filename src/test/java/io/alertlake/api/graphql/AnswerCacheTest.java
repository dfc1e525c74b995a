package io.alertlake.api.graphql;

import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the API's cache keeps: identical questions answered once, and no answer beyond its share of the bound. */
class AnswerCacheTest {

    private static final AlertMetrics.Criteria ALL = new AlertMetrics.Criteria(null, null, null, null, null, null, null);
    private static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;
    private RecordedLake lake;
    private SqlAlertMetrics api;

    @BeforeEach
    void lakeAndApi() {
        lake = new RecordedLake(dir);
        // 20 rows in all, 2 for one answer
        api = new SqlAlertMetrics(lake, TestConfigs.of(Map.of("alertlake.api.cache-ttl", "1m")), 20);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    @Test
    void aSmallAnswerIsKeptAndALargeOneAskedForAgain() {
        var once = api.remediation(ALL, Set.of(), AS_OF);
        int asked = lake.sent.size();
        assertThat(api.remediation(ALL, Set.of(), AS_OF)).isEqualTo(once);
        assertThat(lake.sent.size()).as("one row: from the cache").isEqualTo(asked);

        var page = api.alerts(ALL, EnumSet.allOf(AlertState.class), 5, null);
        assertThat(page.nodes()).hasSize(3);
        asked = lake.sent.size();
        assertThat(api.alerts(ALL, EnumSet.allOf(AlertState.class), 5, null).nodes()).isEqualTo(page.nodes());
        assertThat(lake.sent.size()).as("three alerts, more than an answer's share: asked again").isGreaterThan(asked);
    }
}
