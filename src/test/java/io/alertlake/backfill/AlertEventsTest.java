package io.alertlake.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.delivery.Delivery;
import io.alertlake.github.GitHubStub;
import io.alertlake.ocsf.AlertType;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.ocsf.OcsfValidator;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The events a backfill makes of GitHub's documented REST alert examples, read back through the real mapper. */
class AlertEventsTest {

    private static final JsonNode REPO = GitHubStub.rest("apps/create-installation-access-token.201.json")
            .path("repositories").get(0);
    private final OcsfMapper mapper = new OcsfMapper();
    private final OcsfValidator validator = new OcsfValidator();

    private List<GenericRecord> mapped(List<Delivery> events) {
        return events.stream().map(mapper::map).map(Mapped::findings)
                .map(f -> f.get(0).record()).toList();
    }

    private static Object unmapped(GenericRecord r, String field) {
        return ((GenericRecord) r.get("unmapped")).get(field);
    }

    @Test
    void everyAlertOfGitHubsListingAndAlertExamplesBecomesValidOcsfRecords() {
        int alerts = 0;
        for (AlertType type : AlertType.values()) {
            String folder = switch (type) {
                case CODE_SCANNING -> "code-scanning/";
                case DEPENDABOT -> "dependabot/";
                case SECRET_SCANNING -> "secret-scanning/";
            };
            for (String example : List.of("list-alerts-for-repo.200.json", "list-alerts-for-org.200.json",
                    "get-alert.200.json", "get-alert.open.200.json", "update-alert.dismissed.200.json",
                    "update-alert.resolved.200.json")) {
                if (!java.nio.file.Files.exists(io.alertlake.testing.Fixtures.GITHUB.resolve("rest").resolve(folder + example))) {
                    continue;
                }
                JsonNode body = GitHubStub.rest(folder + example);
                for (JsonNode alert : body.isArray() ? body : List.of(body)) {
                    // an org listing names each alert's repository; the others are the installation's repository's
                    JsonNode repository = alert.has("repository") ? alert.get("repository") : REPO;
                    List<Delivery> events = AlertEvents.of(type, alert, repository, 7, Instant.now());
                    assertThat(events).as(folder + example).isNotEmpty();
                    for (GenericRecord r : mapped(events)) {
                        assertThat(validator.validate(OcsfValidator.json(r))).as(folder + example + " #"
                                + alert.path("number")).isEmpty();
                    }
                    alerts++;
                }
            }
        }
        assertThat(alerts).isGreaterThanOrEqualTo(15);
    }

    @Test
    void dismissedDependabotAlertBecomesAnOpenAtCreationAndADismissalAtDismissal() {
        JsonNode alert = GitHubStub.rest("dependabot/list-alerts-for-repo.200.json").get(0); // #2, dismissed
        List<GenericRecord> records = mapped(AlertEvents.of(AlertType.DEPENDABOT, alert, REPO, 7, Instant.now()));

        assertThat(records).extracting(r -> unmapped(r, "action").toString()).containsExactly("created", "dismissed");
        assertThat(records).extracting(r -> r.get("time")).containsExactly(
                Instant.parse("2022-06-15T07:43:03Z").toEpochMilli(), Instant.parse("2022-08-23T14:29:47Z").toEpochMilli());
        assertThat(records).extracting(r -> unmapped(r, "transition").toString()).containsExactly("open", "dismissed");
        assertThat(records).extracting(r -> unmapped(r, "source").toString()).containsOnly("backfill");
        assertThat(records).extracting(r -> String.valueOf(r.get("status_detail"))).containsExactly("null", "tolerable_risk");
        assertThat(records).extracting(r -> unmapped(r, "repository_id")).containsOnly(1296269L);
        // the creation was modified when it happened, not at the later dismissal (the alert's updated_at)
        assertThat(records).extracting(r -> ((GenericRecord) r.get("finding_info")).get("modified_time"))
                .containsExactly(Instant.parse("2022-06-15T07:43:03Z").toEpochMilli(),
                        Instant.parse("2022-08-23T14:29:47Z").toEpochMilli());
        records.forEach(r -> assertThat(validator.validate(OcsfValidator.json(r))).isEmpty());
    }

    @Test
    void deliveryIdsDependOnTheEventNotOnWhenTheBackfillRan() {
        JsonNode alert = GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json").get(1); // #3, dismissed
        List<Delivery> first = AlertEvents.of(AlertType.CODE_SCANNING, alert, REPO, 7, Instant.parse("2026-01-01T00:00:00Z"));
        List<Delivery> again = AlertEvents.of(AlertType.CODE_SCANNING, alert, REPO, 7, Instant.parse("2026-06-01T00:00:00Z"));

        assertThat(again).extracting(Delivery::deliveryId).isEqualTo(first.stream().map(Delivery::deliveryId).toList())
                .doesNotHaveDuplicates();
        assertThat(first).extracting(Delivery::hookId).containsOnlyNulls();
        // a different close is a different event
        ObjectNode closedLater = alert.deepCopy();
        closedLater.put("dismissed_at", "2021-01-01T00:00:00Z");
        assertThat(AlertEvents.of(AlertType.CODE_SCANNING, closedLater, REPO, 7, Instant.now()).get(1).deliveryId())
                .isNotEqualTo(first.get(1).deliveryId());
    }

    @Test
    void codeScanningDismissalIsAUserCloseThatAppliesToTheDefaultBranch() {
        JsonNode alert = GitHubStub.rest("code-scanning/list-alerts-for-repo.200.json").get(1);
        List<GenericRecord> records = mapped(AlertEvents.of(AlertType.CODE_SCANNING, alert, REPO, 7, Instant.now()));

        assertThat(records).extracting(r -> unmapped(r, "action").toString()).containsExactly("created", "closed_by_user");
        assertThat(records).extracting(r -> unmapped(r, "counts")).containsOnly(true);
        assertThat(records.get(1).get("status_detail").toString()).isEqualTo("false positive");
    }

    @Test
    void secretValueIsDroppedAndAResolutionBecomesAResolvedEvent() {
        JsonNode alert = GitHubStub.rest("secret-scanning/list-alerts-for-repo.200.json").get(0);
        assertThat(alert.has("secret")).isTrue();
        List<Delivery> events = AlertEvents.of(AlertType.SECRET_SCANNING, alert, REPO, 7, Instant.now());

        assertThat(events).allSatisfy(d -> assertThat(d.bodyText()).doesNotContain(alert.path("secret").asText()));
        List<GenericRecord> records = mapped(events);
        assertThat(records).extracting(r -> unmapped(r, "transition").toString()).containsExactly("open", "dismissed");
        records.forEach(r -> assertThat(validator.validate(OcsfValidator.json(r))).isEmpty());
    }

    @Test
    void openAlertUpdatedAfterCreationGetsAReopenAtItsUpdateTime() {
        ObjectNode alert = GitHubStub.rest("dependabot/list-alerts-for-repo.200.json").get(1).deepCopy(); // #1, open
        assertThat(AlertEvents.of(AlertType.DEPENDABOT, alert, REPO, 7, Instant.now())).hasSize(1);

        alert.put("updated_at", "2023-01-01T00:00:00Z");
        List<GenericRecord> records = mapped(AlertEvents.of(AlertType.DEPENDABOT, alert, REPO, 7, Instant.now()));
        assertThat(records).extracting(r -> unmapped(r, "action").toString()).containsExactly("created", "reopened");
        assertThat(records.get(1).get("time")).isEqualTo(Instant.parse("2023-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void autoDismissedAlertClosesAtItsAutoDismissalTime() {
        ObjectNode alert = GitHubStub.rest("dependabot/list-alerts-for-repo.200.json").get(1).deepCopy();
        alert.put("state", "auto_dismissed").put("auto_dismissed_at", "2022-07-01T00:00:00Z");
        List<GenericRecord> records = mapped(AlertEvents.of(AlertType.DEPENDABOT, alert, REPO, 7, Instant.now()));

        assertThat(records).extracting(r -> unmapped(r, "action").toString()).containsExactly("created", "auto_dismissed");
        assertThat(records.get(1).get("time")).isEqualTo(Instant.parse("2022-07-01T00:00:00Z").toEpochMilli());
        assertThat(unmapped(records.get(0), "transition").toString()).isEqualTo("open");
    }
}
