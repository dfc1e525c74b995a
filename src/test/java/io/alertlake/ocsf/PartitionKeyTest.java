package io.alertlake.ocsf;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionKeyTest {

    @Test
    void theDayIsTheInstantsUtcDateInIsoForm() {
        assertThat(PartitionKey.dayOf(Instant.parse("2026-01-05T23:59:59.999Z"))).isEqualTo("2026-01-05");
        assertThat(PartitionKey.dayOf(Instant.parse("2026-01-06T00:00:00Z"))).isEqualTo("2026-01-06");
        assertThat(PartitionKey.dayOf(Instant.parse("2024-02-29T12:00:00Z"))).isEqualTo("2024-02-29");
        assertThat(PartitionKey.dayOf(Instant.parse("1969-12-31T23:59:59Z"))).isEqualTo("1969-12-31");

        // what the ISO formatter writes, for instants from 1900 to 2200
        DateTimeFormatter iso = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            Instant at = Instant.ofEpochSecond(-2_208_988_800L + (long) (random.nextDouble() * 9_467_280_000L));
            assertThat(PartitionKey.dayOf(at)).as(at.toString()).isEqualTo(iso.format(at));
        }
    }

    @Test
    void thePathEscapesNamesAndKeepsTheDay() {
        PartitionKey key = new PartitionKey("vulnerability_finding", "Octo.Org", "a:b", "2026-01-05");
        assertThat(key.path()).isEqualTo("class=vulnerability_finding/org=Octo.Org/repo=a%3Ab/day=2026-01-05");
        assertThat(PartitionKey.names()).containsExactly("class", "org", "repo", "day");
    }
}
