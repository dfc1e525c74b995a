package io.alertlake.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.github.GitHubStub;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillerTest {

    @Test
    void anAlertResolvedAfterTheWatermarkIsReadEvenWithoutUpdatedAt() {
        // GitHub's example of a resolved secret alert: created_at and resolved_at, no updated_at
        JsonNode resolved = GitHubStub.rest("secret-scanning/list-alerts-for-repo.200.json").get(0);
        assertThat(resolved.has("updated_at")).isFalse();
        Instant created = Instant.parse(resolved.path("created_at").asText());
        Instant closed = Instant.parse(resolved.path("resolved_at").asText());
        assertThat(closed).isAfter(created);

        Instant between = created.plusSeconds(1);
        assertThat(Backfiller.updatedBefore(resolved, between)).as("resolved after the watermark").isFalse();
        assertThat(Backfiller.updatedBefore(resolved, closed.plusSeconds(1))).isTrue();

        ObjectNode updated = resolved.deepCopy();
        updated.put("updated_at", closed.plusSeconds(3600).toString());
        assertThat(Backfiller.updatedBefore(updated, closed.plusSeconds(1))).isFalse();
    }
}
