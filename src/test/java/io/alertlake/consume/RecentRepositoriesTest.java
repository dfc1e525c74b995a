package io.alertlake.consume;

import io.alertlake.ocsf.FindingSchema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecentRepositoriesTest {

    private static final long HOUR = 3_600_000;
    private final RecentRepositories recent = new RecentRepositories();

    private static GenericRecord row(long id, String org, String repo, String event, long receivedMs) {
        GenericData.Record r = new GenericData.Record(FindingSchema.repository());
        r.put("repository_id", id);
        r.put("org", org);
        r.put("repo", repo);
        r.put("event", event);
        r.put("action", "created");
        r.put("time", receivedMs);
        r.put("received_time", receivedMs);
        r.put("delivery_id", "d-" + receivedMs);
        return r;
    }

    /** One flush: what it writes, remembered as written. */
    private List<GenericRecord> flush(GenericRecord... rows) {
        Map<String, List<GenericRecord>> out = recent.toWrite(Map.of("2026-11-24", List.of(rows)));
        recent.wrote(out);
        return out.getOrDefault("2026-11-24", List.of());
    }

    @Test
    void aBatchWritesTheNewestRowOfEachRepositoryAndName() {
        var written = flush(row(1, "octo", "api", "dependabot_alert", 10), row(1, "octo", "api", "code_scanning_alert", 30),
                row(1, "octo", "api", "dependabot_alert", 20), row(2, "octo", "web", "dependabot_alert", 5));
        assertThat(written).extracting(r -> r.get("repository_id") + "@" + r.get("received_time"))
                .containsExactlyInAnyOrder("1@30", "2@5");
    }

    @Test
    void aNameWrittenWithinADayIsNotWrittenAgain() {
        flush(row(1, "octo", "api", "dependabot_alert", 0));
        assertThat(flush(row(1, "octo", "api", "dependabot_alert", 2 * HOUR))).isEmpty();
        assertThat(flush(row(1, "octo", "api", "dependabot_alert", 25 * HOUR))).hasSize(1);
    }

    @Test
    void aNewNameOrOrgIsWrittenAtOnce() {
        flush(row(1, "octo", "api", "dependabot_alert", 0));
        assertThat(flush(row(1, "octo", "api-v2", "dependabot_alert", HOUR))).hasSize(1);
        assertThat(flush(row(1, "octo-new", "api-v2", "dependabot_alert", 2 * HOUR))).hasSize(1);
        // back to an earlier name: the newest row must say so
        assertThat(flush(row(1, "octo", "api", "dependabot_alert", 3 * HOUR))).hasSize(1);
    }

    @Test
    void repositoryEventsAreAlwaysWritten() {
        flush(row(1, "octo", "api", "dependabot_alert", 0));
        assertThat(flush(row(1, "octo", "api", "repository", HOUR), row(1, "octo", "api", "repository", 2 * HOUR)))
                .hasSize(2);
    }

    @Test
    void rowsOfAFailedFlushAreOfferedAgain() {
        Map<String, List<GenericRecord>> first = recent.toWrite(Map.of("2026-11-24",
                List.of(row(1, "octo", "api", "dependabot_alert", 0))));
        assertThat(first).isNotEmpty(); // the flush fails: wrote() is never called
        assertThat(flush(row(1, "octo", "api", "dependabot_alert", 0))).hasSize(1);
    }
}
