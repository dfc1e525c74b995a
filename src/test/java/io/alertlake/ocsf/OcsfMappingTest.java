package io.alertlake.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.backfill.AlertEvents;
import io.alertlake.delivery.Delivery;
import io.alertlake.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OcsfMappingTest {

    private final OcsfMapper mapper = new OcsfMapper();
    private final OcsfValidator validator = new OcsfValidator();
    private static final Instant RECEIVED = Instant.parse("2026-11-01T10:00:00Z");
    /** A repository as the backfill lists it, for the alerts of GitHub's REST fixtures. */
    private static final JsonNode REST_REPOSITORY = Fixtures.JSON.createObjectNode()
            .put("id", 42).put("name", "repo").put("default_branch", "main")
            .set("owner", Fixtures.JSON.createObjectNode().put("login", "octo"));

    private static Delivery delivery(Fixtures.Webhook f) {
        return new Delivery(f.event(), "delivery-" + f.name(), "1", "integration", "2", RECEIVED, f.body());
    }

    @Test
    void theSignatureKeyIsTheSignaturesFirst64Bits() {
        assertThat(io.alertlake.delivery.WebhookSignatures.key("sha256=" + "ffffffffffffffff" + "0".repeat(48))).isEqualTo(-1L);
        assertThat(io.alertlake.delivery.WebhookSignatures.key("sha256=" + "0000000000000001" + "a".repeat(48))).isEqualTo(1L);
        assertThat(io.alertlake.delivery.WebhookSignatures.key(null)).isNull(); // a backfilled event
        assertThat(io.alertlake.delivery.WebhookSignatures.key("sha1=abc")).isNull();
        assertThat(io.alertlake.delivery.WebhookSignatures.key("sha256=" + "z".repeat(64))).isNull();
        // not hex past the 64 bits kept: still not a signature GitHub sends
        assertThat(io.alertlake.delivery.WebhookSignatures.key("sha256=" + "0".repeat(16) + "z".repeat(48))).isNull();
        assertThat(io.alertlake.delivery.WebhookSignatures.key("sha256=" + "FFFFFFFFFFFFFFFF" + "0".repeat(48)))
                .isEqualTo(-1L);
    }

    @TestFactory
    List<DynamicTest> everyFixtureMapsToAValidOcsfRecord() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fixtures.Webhook f : Fixtures.webhooks()) {
            tests.add(DynamicTest.dynamicTest(f.name(), () -> {
                Mapped m = mapper.map(delivery(f));
                switch (f.event()) {
                    case "code_scanning_alert", "dependabot_alert", "secret_scanning_alert",
                         "secret_scanning_alert_location" -> {
                        assertThat(m.findings()).hasSize(1);
                        var json = OcsfValidator.json(m.findings().get(0).record());
                        assertThat(validator.validate(json)).as(json.toString()).isEmpty();
                        assertThat(m.repositories()).hasSize(1);
                    }
                    case "repository" -> {
                        assertThat(m.findings()).isEmpty();
                        assertThat(m.repositories()).hasSize(1);
                    }
                    default -> assertThat(List.of(m.findings(), m.repositories())).containsOnly(List.of());
                }
            }));
        }
        // every file of fixtures/github/webhooks (as in the shared fixture set): none may go missing unnoticed
        assertThat(tests).hasSize(39);
        return tests;
    }

    /**
     * The mapper builds a payload's tree from the fields {@link PayloadFields} keeps; every fixture and a year of
     * demo deliveries must map to the same records (or the same error) as from the whole payload.
     */
    @TestFactory
    List<DynamicTest> filteredPayloadsMapAsWholeOnes() throws java.io.IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Delivery> deliveries = new ArrayList<>();
        for (Fixtures.Webhook f : Fixtures.webhooks()) {
            Delivery d = delivery(f);
            deliveries.add(d);
            // as the backfill sends them: the same payload marked as a backfilled event
            if (json.readTree(f.body()) instanceof com.fasterxml.jackson.databind.node.ObjectNode payload) {
                payload.put("alertlake_backfill", true);
                deliveries.add(new Delivery(d.event(), d.deliveryId() + "-backfill", null, null, null, RECEIVED,
                        json.writeValueAsBytes(payload)));
            }
        }
        for (var demo : io.alertlake.demo.DemoDeliveries.generate(7, java.time.LocalDate.of(2026, 11, 1), 12)) {
            deliveries.add(new Delivery(demo.event(), demo.deliveryId(), null, null, null, demo.at(), demo.body()));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Delivery d : deliveries) {
            tests.add(DynamicTest.dynamicTest(d.event() + " " + d.deliveryId(), () -> {
                Object whole = outcome(() -> mapper.map(d, json.readTree(d.body())));
                assertThat(outcome(() -> mapper.map(d))).isEqualTo(whole);
            }));
        }
        return tests;
    }

    /** The mapped records, or the message of the error the mapper threw. */
    private static Object outcome(java.util.concurrent.Callable<Mapped> mapping) {
        try {
            Mapped m = mapping.call();
            return List.of(m.findings(), m.repositories());
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /**
     * GitHub sends a payload as one line of JSON; the raw archive copies such a body into its line instead of
     * escaping it, so the mapper must tell exactly those apart: anything before or after the object, or a line
     * break anywhere, and the body is archived as text.
     */
    @Test
    void bodiesOfOneLineOfJsonAreToldApart() throws Exception {
        var f = Fixtures.webhook("dependabot_alert/created.json");
        byte[] pretty = f.body();
        String compact = new String(f.oneLineBody(), StandardCharsets.UTF_8);
        assertThat(new String(pretty, StandardCharsets.UTF_8)).contains("\n");
        java.util.function.Function<String, Mapped> map = body -> mapper.map(new Delivery(f.event(), "d", null, null,
                null, RECEIVED, body.getBytes(StandardCharsets.UTF_8)));

        assertThat(map.apply(compact).oneLineJson()).isTrue();
        assertThat(mapper.map(delivery(f)).oneLineJson()).as("pretty-printed").isFalse();
        assertThat(map.apply(compact + "\n").oneLineJson()).as("a line break after it").isFalse();
        assertThat(map.apply(" " + compact).oneLineJson()).as("a space before it").isFalse();
        assertThat(map.apply(compact.replaceFirst(",", ",\r")).oneLineJson()).as("a line break inside").isFalse();
        Mapped trailing = map.apply(compact + "{\"more\":1}");
        assertThat(trailing.oneLineJson()).as("a second value after it").isFalse();
        assertThat(trailing.findings()).as("mapped from the first value, as ever")
                .hasSameSizeAs(map.apply(compact).findings());
        assertThat(map.apply(compact + "]").oneLineJson()).as("garbage after it").isFalse();
    }

    @Test
    void validatorRejectsBrokenRecords() {
        var f = Fixtures.webhook("dependabot_alert/created.json");
        var good = OcsfValidator.json(mapper.map(delivery(f)).findings().get(0).record());
        assertThat(validator.validate(good)).isEmpty();

        var unknown = new HashMap<>(good);
        unknown.put("repository_name", "x");
        assertThat(validator.validate(unknown)).anyMatch(p -> p.contains("unknown attribute repository_name"));

        var badEnum = new HashMap<>(good);
        badEnum.put("severity_id", 42);
        assertThat(validator.validate(badEnum)).anyMatch(p -> p.contains("severity_id = 42"));

        var noTime = new HashMap<>(good);
        noTime.remove("time");
        assertThat(validator.validate(noTime)).contains("missing required attribute time");

        var badType = new HashMap<>(good);
        badType.put("type_uid", 200299L);
        assertThat(validator.validate(badType)).anyMatch(p -> p.contains("type_uid"));

        var wrongCaption = new HashMap<>(good);
        wrongCaption.put("severity", "Critical"); // severity_id is 3, Medium
        assertThat(validator.validate(wrongCaption)).anyMatch(p -> p.contains("severity = Critical is not the caption"));

        var wrongTypeName = new HashMap<>(good);
        wrongTypeName.put("type_name", "Vulnerability Finding: Close");
        assertThat(validator.validate(wrongTypeName)).anyMatch(p -> p.contains("type_name"));

        var seconds = new HashMap<>(good);
        seconds.put("time", 1_687_615_032L);
        assertThat(validator.validate(seconds)).anyMatch(p -> p.contains("time = 1687615032 is not epoch milliseconds"));
        var micros = new HashMap<>(good);
        micros.put("time", 1_687_615_032_000_000L);
        assertThat(validator.validate(micros)).anyMatch(p -> p.contains("is not epoch milliseconds (micro"));

        @SuppressWarnings("unchecked")
        var oldVersion = new HashMap<>((Map<String, Object>) good.get("metadata"));
        oldVersion.put("version", "1.3.0");
        var labelledOld = new HashMap<>(good);
        labelledOld.put("metadata", oldVersion);
        assertThat(validator.validate(labelledOld)).anyMatch(p -> p.contains("metadata.version 1.3.0"));

        var deprecated = new HashMap<>(good);
        deprecated.put("resource", Map.of("uid", "x"));
        assertThat(validator.validate(deprecated)).anyMatch(p -> p.contains("resource is deprecated"));

        var noVulnerabilities = new HashMap<>(good);
        noVulnerabilities.put("vulnerabilities", List.of());
        assertThat(validator.validate(noVulnerabilities)).anyMatch(p -> p.contains("required array vulnerabilities"));

        @SuppressWarnings("unchecked")
        var vuln = new HashMap<>((Map<String, Object>) ((List<?>) good.get("vulnerabilities")).get(0));
        vuln.put("cwe", Map.of("uid", "CWE-79"));
        var twoOfThree = new HashMap<>(good);
        twoOfThree.put("vulnerabilities", List.of(vuln));
        assertThat(validator.validate(twoOfThree)).anyMatch(p -> p.contains("exactly one of"));
    }

    @Test
    void validatorRejectsWrongTypesShapesAndMissingNestedParts() {
        var good = OcsfValidator.json(mapper.map(delivery(Fixtures.webhook("dependabot_alert/created.json")))
                .findings().get(0).record());

        var textForInteger = new HashMap<>(good);
        textForInteger.put("severity_id", "3");
        assertThat(validator.validate(textForInteger)).anyMatch(p -> p.contains("severity_id has String, expected integer_t"));

        var oneForMany = new HashMap<>(good);
        oneForMany.put("vulnerabilities", ((List<?>) good.get("vulnerabilities")).get(0));
        assertThat(validator.validate(oneForMany)).contains("vulnerabilities must be an array");

        @SuppressWarnings("unchecked")
        var info = new HashMap<>((Map<String, Object>) good.get("finding_info"));
        info.remove("uid");
        var noFindingUid = new HashMap<>(good);
        noFindingUid.put("finding_info", info);
        assertThat(validator.validate(noFindingUid)).contains("missing required attribute finding_info.uid");

        // a product needs a name or a uid (OCSF's at_least_one); a vendor alone does not say which product
        @SuppressWarnings("unchecked")
        var metadata = new HashMap<>((Map<String, Object>) good.get("metadata"));
        metadata.put("product", Map.of("vendor_name", "GitHub"));
        var vendorOnly = new HashMap<>(good);
        vendorOnly.put("metadata", metadata);
        assertThat(validator.validate(vendorOnly)).anyMatch(p -> p.contains("metadata.product. must hold at least one of"));
    }

    @Test
    void secretValuesAreNeverStored() {
        var f = Fixtures.webhook("secret_scanning_alert/reopened.json");
        String body = new String(f.body(), StandardCharsets.UTF_8)
                .replace("\"secret_type\": \"adafruit_io_key\"",
                        "\"secret_type\": \"adafruit_io_key\", \"secret\": \"aio_SUPERSECRETVALUE123\"");
        assertThat(body).contains("SUPERSECRETVALUE");
        Mapped m = mapper.map(new Delivery("secret_scanning_alert", "d", null, null, null, RECEIVED,
                body.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.findings().get(0).record().toString()).doesNotContain("SUPERSECRETVALUE");
        assertThat(m.repositories().get(0).record().toString()).doesNotContain("SUPERSECRETVALUE");
    }

    @Test
    void notJsonIsUnmappableWithAClearMessage() {
        assertThatThrownBy(() -> mapper.map(new Delivery("dependabot_alert", "d-9", null, null, null, RECEIVED,
                "{ nope".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnmappableDeliveryException.class).hasMessageContaining("d-9").hasMessageContaining("not JSON");
        assertThatThrownBy(() -> mapper.map(new Delivery("dependabot_alert", "d-10", null, null, null, RECEIVED,
                "{\"action\":\"created\"}".getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("no 'alert' object");
    }

    @Test
    void deliveriesOfOrgsOutsideTheConfiguredOnesAreNotCounted() {
        // dependabot_alert/created.json is of octo-org's repository; a public App can be installed by anyone
        Delivery d = delivery(Fixtures.webhook("dependabot_alert/created.json"));
        String org = mapper.map(d).findings().get(0).partition().org();
        assertThat(new OcsfMapper("high", java.util.Set.of(org.toUpperCase(java.util.Locale.ROOT), "other"))
                .map(d).findings()).hasSize(1); // any case, as GitHub's logins
        OcsfMapper scoped = new OcsfMapper("high", java.util.Set.of("other"));
        assertThatThrownBy(() -> scoped.map(d)).isInstanceOf(UnmappableDeliveryException.class)
                .hasMessageContaining(org).hasMessageContaining("outside alertlake.github.orgs");
        Delivery renamed = delivery(Fixtures.webhook("repository/renamed.json"));
        assertThatThrownBy(() -> scoped.map(renamed)).isInstanceOf(UnmappableDeliveryException.class);
        // an installation event names no alert and no repository row: nothing to count either way
        assertThat(scoped.map(delivery(Fixtures.webhooks().stream().filter(f -> f.event().equals("installation"))
                .findFirst().orElseThrow())).findings()).isEmpty();
    }

    @Test
    void aPayloadSentUnderAnotherAlertKindsEventIsUnmappable() {
        // the event header is not signed: a signed Dependabot body sent as code_scanning_alert is quarantined, not
        // counted as a code-scanning alert of severity none
        byte[] dependabot = io.alertlake.testing.Fixtures.webhook("dependabot_alert/created.json").body();
        for (String event : List.of("code_scanning_alert", "secret_scanning_alert")) {
            assertThatThrownBy(() -> mapper.map(new Delivery(event, "d-11", null, null, null, RECEIVED, dependabot)))
                    .isInstanceOf(UnmappableDeliveryException.class).hasMessageContaining("d-11")
                    .hasMessageContaining("is not a " + event + "'s");
        }
        byte[] codeScanning = io.alertlake.testing.Fixtures.webhook("code_scanning_alert/created.json").body();
        assertThatThrownBy(() -> mapper.map(new Delivery("dependabot_alert", "d-12", null, null, null, RECEIVED,
                codeScanning))).hasMessageContaining("has no alert.security_advisory");
    }

    /**
     * Activity, status and time of each alert fixture's record, worked out by hand from the rules (1 Create
     * for created, 3 Close for a change to fixed or dismissed, 2 Update otherwise; status the state after the event)
     * and design/metrics.md §2 (state changes; only the default branch's code-scanning events change state) and §3
     * (the event time: the close's own timestamp, created_at, updated_at, else the receive time).
     */
    @TestFactory
    List<DynamicTest> eachFixturesActivityStatusAndTimeFollowTheRules() {
        String received = RECEIVED.toString();
        // fixture, activity_id, status_id, status_code, time, day of the partition
        String[][] expected = {
                {"code_scanning_alert/closed_by_user.json", "3", "3", "dismissed", "2021-02-11T02:59:08Z"},
                // refs/heads/code-feature: a creation, at its created_at, but no transition on the default branch:
                // the alert's state is not in it (status Unknown, the branch's kept)
                {"code_scanning_alert/created.json", "1", "0", "open", "2021-02-11T03:10:43Z"},
                // refs/pull/11/merge: stored, not a close, and the alert's state unknown (it is open on the default
                // branch as far as this event says); there is no fixed_at in code scanning payloads
                {"code_scanning_alert/fixed.json", "2", "0", "fixed", received},
                // its updated_at is its created_at: not the reopen's time, which would sort before the close it undoes
                {"code_scanning_alert/reopened.docs-2023.json", "2", "1", "open", received},
                {"code_scanning_alert/reopened.json", "2", "1", "open", received},
                {"code_scanning_alert/reopened.with-organization.json", "2", "1", "open", received},
                {"dependabot_alert/created.json", "1", "1", "open", "2023-06-24T13:57:12Z"},
                {"dependabot_alert/fixed.docs-2023.json", "3", "4", "fixed", "2022-06-15T13:55:40Z"},
                {"dependabot_alert/fixed.json", "3", "4", "fixed", "2022-06-15T13:55:40Z"},
                {"secret_scanning_alert/reopened.json", "2", "1", null, received},
                {"secret_scanning_alert_location/created.rest-api-description.json", "2", "1", "open", received},
        };
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] e : expected) {
            tests.add(DynamicTest.dynamicTest(e[0], () -> {
                var finding = mapper.map(delivery(Fixtures.webhook(e[0]))).findings().get(0);
                var record = finding.record();
                assertThat(record.get("activity_id")).as("activity_id").isEqualTo(Integer.parseInt(e[1]));
                assertThat(record.get("status_id")).as("status_id").isEqualTo(Integer.parseInt(e[2]));
                assertThat(record.get("status_code") == null ? null : record.get("status_code").toString())
                        .as("status_code").isEqualTo(e[3]);
                long time = Instant.parse(e[4]).toEpochMilli();
                assertThat(record.get("time")).as("time").isEqualTo(time);
                assertThat(finding.partition().day()).as("day=").isEqualTo(e[4].substring(0, 10));
            }));
        }
        assertThat(Fixtures.webhooks().stream().filter(f -> f.event().contains("alert")).map(Fixtures.Webhook::name)
                .toList()).as("every alert fixture has a row").hasSize(expected.length);
        return tests;
    }

    @Test
    void codeScanningFixOnAPullRequestRefChangesNoState() {
        // the fixture's ref is refs/pull/11/merge: stored, but not a remediation
        var m = mapper.map(delivery(Fixtures.webhook("code_scanning_alert/fixed.json")));
        var u = (org.apache.avro.generic.GenericRecord) m.findings().get(0).record().get("unmapped");
        assertThat(u.get("transition")).isNull();
        assertThat(u.get("counts")).isEqualTo(false);
        assertThat(m.findings().get(0).record().get("activity_id")).isEqualTo(2);
    }

    @Test
    void appearedInBranchChangesOnlyANewAlertWhateverStateItNames() {
        for (String state : new String[]{"open", "fixed", "dismissed"}) {
            var record = mapper.map(changed("code_scanning_alert/created.json", "d-" + state, body -> {
                body.put("action", "appeared_in_branch");
                body.put("ref", "refs/heads/" + body.path("repository").path("default_branch").asText());
                ((ObjectNode) body.get("alert")).put("state", state);
            })).findings().get(0).record();
            var u = (org.apache.avro.generic.GenericRecord) record.get("unmapped");
            assertThat(u.get("transition")).as(state).hasToString(state + "_if_new");
            // not a close by itself (the views decide from the alert's earlier events); the status is the payload's
            assertThat(record.get("activity_id")).as(state).isEqualTo(2);
            assertThat(record.get("status_id")).as(state)
                    .isEqualTo(switch (state) { case "open" -> 1; case "fixed" -> 4; default -> 3; });
        }
    }

    private static JsonNode tree(Map<String, Object> record) {
        return Fixtures.JSON.valueToTree(record);
    }

    /** The delivery's one finding, as OCSF JSON. */
    private JsonNode recordOf(Delivery d) {
        return tree(OcsfValidator.json(mapper.map(d).findings().get(0).record()));
    }

    /** A webhook fixture with its payload changed, as a delivery. */
    private static Delivery changed(String fixture, String deliveryId, Consumer<ObjectNode> change) {
        var f = Fixtures.webhook(fixture);
        ObjectNode body = (ObjectNode) Fixtures.json(f.path());
        change.accept(body);
        return new Delivery(f.event(), deliveryId, null, null, null, RECEIVED,
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The backfill's events for one of GitHub's REST alert fixtures. */
    private static List<Delivery> restAlert(String file, AlertType type) {
        return AlertEvents.of(type, Fixtures.json(Fixtures.GITHUB.resolve("rest").resolve(file)), REST_REPOSITORY, 7,
                RECEIVED);
    }

    @Test
    void aSecretsNewLocationUpdatesTheAlert() {
        for (Fixtures.Webhook f : Fixtures.webhooks()) {
            if (f.event().equals("secret_scanning_alert_location")) {
                var record = mapper.map(delivery(f)).findings().get(0).record();
                assertThat(record.get("activity_id")).as(f.name()).isEqualTo(2);
                assertThat(record.get("type_uid")).as(f.name()).isEqualTo(200602L);
                assertThat(record.get("message").toString()).as(f.name()).contains("new location");
                // where: the location's file (a Data Security Finding's file)
                var file = (org.apache.avro.generic.GenericRecord) record.get("file");
                assertThat(file).as(f.name()).isNotNull();
                assertThat(file.get("path")).hasToString("/example/secrets.txt");
                assertThat(file.get("name")).hasToString("secrets.txt");
            }
        }
        assertThat(Fixtures.webhooks()).anyMatch(f -> f.event().equals("secret_scanning_alert_location"));
        // a backfilled secret alert: where it was first found
        var listed = Fixtures.json(Fixtures.GITHUB.resolve("rest/secret-scanning/list-alerts-for-repo.200.json")).get(0);
        var created = mapper.map(AlertEvents.of(AlertType.SECRET_SCANNING, listed, REST_REPOSITORY, 7, RECEIVED).get(0))
                .findings().get(0).record();
        assertThat(((org.apache.avro.generic.GenericRecord) created.get("file")).get("path"))
                .hasToString("/example/secrets.txt");
        // a wiki commit's path is a wiki page's (GitHub documents its details with the page's URL): no file
        var wiki = mapper.map(changed("secret_scanning_alert_location/created.rest-api-description.json", "d-wiki",
                body -> {
                    ObjectNode location = (ObjectNode) body.get("location");
                    location.put("type", "wiki_commit");
                    ((ObjectNode) location.get("details")).put("path", "/Home.md")
                            .put("page_url", "https://github.com/octocat-repo/hello-world/wiki/Home");
                })).findings().get(0).record();
        assertThat(wiki.get("file")).isNull();
    }

    @Test
    void dependabotsCwesAreKept() {
        var cve = recordOf(delivery(Fixtures.webhook("dependabot_alert/created.json")))
                .path("vulnerabilities").path(0).path("cve");
        assertThat(cve.path("uid").asText()).isEqualTo("CVE-2022-25883");
        assertThat(cve.path("related_cwes")).hasSize(1);
        assertThat(cve.path("related_cwes").path(0).path("uid").asText()).isEqualTo("CWE-1333");
        assertThat(cve.path("related_cwes").path(0).path("caption").asText())
                .isEqualTo("Inefficient Regular Expression Complexity");
        assertThat(cve.path("related_cwes").path(0).path("src_url").asText())
                .isEqualTo("https://cwe.mitre.org/data/definitions/1333.html");
    }

    @Test
    void anAdvisorysLinksAndTimesAreKeptForItsCve() {
        var vulnerability = recordOf(delivery(Fixtures.webhook("dependabot_alert/created.json")))
                .path("vulnerabilities").path(0);
        var references = new ArrayList<String>();
        vulnerability.path("references").forEach(r -> references.add(r.asText()));
        // the advisory's page first (the record's vulnerability is its CVE: nothing else links it), then its list
        assertThat(references).startsWith("https://github.com/advisories/GHSA-c2qf-rxjj-qqgw",
                "https://nvd.nist.gov/vuln/detail/CVE-2022-25883").hasSize(8).doesNotHaveDuplicates();
        var cve = vulnerability.path("cve");
        assertThat(cve.path("created_time").asLong()).isEqualTo(Instant.parse("2023-06-21T06:30:28Z").toEpochMilli());
        assertThat(cve.path("modified_time").asLong()).isEqualTo(Instant.parse("2023-06-22T16:52:56Z").toEpochMilli());
    }

    @Test
    void cvssScoresOfEveryVersionTheAdvisoryHas() {
        var cvss = recordOf(restAlert("dependabot/update-alert.dismissed.200.json", AlertType.DEPENDABOT).get(0))
                .path("vulnerabilities").path(0).path("cve").path("cvss");
        assertThat(cvss).hasSize(2);
        assertThat(cvss.path(0).path("version").asText()).isEqualTo("3.0");
        assertThat(cvss.path(0).path("base_score").asDouble()).isEqualTo(7.5);
        assertThat(cvss.path(1).path("version").asText()).isEqualTo("4.0");
        assertThat(cvss.path(1).path("base_score").asDouble()).isEqualTo(8.7);
        // a webhook with the older single score
        var single = recordOf(delivery(Fixtures.webhook("dependabot_alert/created.json")))
                .path("vulnerabilities").path(0).path("cve").path("cvss");
        assertThat(single).hasSize(1);
        assertThat(single.path(0).path("version").asText()).isEqualTo("3.1");
        assertThat(single.path(0).path("base_score").asDouble()).isEqualTo(5.3);
    }

    @Test
    void theToolWithItsVersionAndTheDismissalCommentAreKept() {
        var deliveries = restAlert("code-scanning/update-alert.dismissed.200.json", AlertType.CODE_SCANNING);
        var dismissal = recordOf(deliveries.get(deliveries.size() - 1));
        var product = dismissal.path("finding_info").path("product");
        assertThat(product.path("name").asText()).isEqualTo("CodeQL");
        assertThat(product.path("version").asText()).isEqualTo("2.4.0");
        assertThat(product.path("vendor_name").asText()).isEqualTo("GitHub");
        assertThat(dismissal.path("comment").asText()).contains("sanitizer");

        var secret = recordOf(delivery(Fixtures.webhook("secret_scanning_alert/reopened.json")));
        assertThat(secret.path("finding_info").path("product").path("name").asText()).isEqualTo("Secret scanning");
        assertThat(secret.path("data_security").path("detection_system_id").asInt()).isEqualTo(11);
    }

    @Test
    void epssComesAsAnObjectOrAnArrayOfOne() throws Exception {
        for (String epss : new String[]{"{\"percentage\": 0.00045, \"percentile\": \"0.16001e0\"}",
                "[{\"percentage\": \"0.00045\", \"percentile\": 0.16001}]"}) {
            JsonNode given = Fixtures.JSON.readTree(epss);
            var record = mapper.map(changed("dependabot_alert/created.json", "d-epss", body ->
                    ((ObjectNode) body.path("alert").path("security_advisory")).set("epss", given)))
                    .findings().get(0).record();
            var json = OcsfValidator.json(record);
            assertThat(validator.validate(json)).as(json.toString()).isEmpty();
            var e = tree(json).path("vulnerabilities").path(0).path("cve").path("epss");
            assertThat(e.path("score").asText()).as(epss).isEqualTo("0.00045");
            assertThat(e.path("percentile").asDouble()).as(epss).isEqualTo(0.16001);
        }
    }

    /** The backfill's events, made from GitHub's REST alerts, are valid records too, with what REST adds (EPSS). */
    @TestFactory
    List<DynamicTest> everyRestAlertMapsToValidOcsfRecords() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, AlertType> files = Map.of(
                "code-scanning/get-alert.200.json", AlertType.CODE_SCANNING,
                "code-scanning/update-alert.dismissed.200.json", AlertType.CODE_SCANNING,
                "dependabot/get-alert.open.200.json", AlertType.DEPENDABOT,
                "dependabot/update-alert.dismissed.200.json", AlertType.DEPENDABOT,
                "secret-scanning/get-alert.open.200.json", AlertType.SECRET_SCANNING,
                "secret-scanning/update-alert.resolved.200.json", AlertType.SECRET_SCANNING);
        for (var file : new java.util.TreeMap<>(files).entrySet()) {
            tests.add(DynamicTest.dynamicTest(file.getKey(), () -> {
                var deliveries = restAlert(file.getKey(), file.getValue());
                assertThat(deliveries).isNotEmpty();
                for (Delivery d : deliveries) {
                    var json = OcsfValidator.json(mapper.map(d).findings().get(0).record());
                    assertThat(validator.validate(json)).as(json.toString()).isEmpty();
                    if (file.getKey().equals("dependabot/get-alert.open.200.json")) {
                        var e = tree(json).path("vulnerabilities").path(0).path("cve").path("epss");
                        assertThat(e.path("score").asText()).isEqualTo("0.00045");
                        assertThat(e.path("percentile").asDouble()).isEqualTo(0.16001);
                    }
                }
            }));
        }
        return tests;
    }

    @Test
    void userOwnedRepositoryUsesTheOwnerAsOrg() {
        // the Dependabot fixture has no organization
        var m = mapper.map(delivery(Fixtures.webhook("dependabot_alert/created.json")));
        assertThat(m.findings().get(0).partition().org()).isEqualTo("wolfy1339");
        assertThat(m.findings().get(0).partition().path())
                .isEqualTo("class=vulnerability_finding/org=wolfy1339/repo=pika-pack/day=2023-06-24");
    }

    @Test
    void severitiesFollowTheRules() {
        var cs = mapper.map(delivery(Fixtures.webhook("code_scanning_alert/created.json")));
        // rule.severity error, no security severity: high
        assertThat(((org.apache.avro.generic.GenericRecord) cs.findings().get(0).record().get("unmapped")).get("severity")
                .toString()).isEqualTo("high");
        var dep = mapper.map(delivery(Fixtures.webhook("dependabot_alert/created.json")));
        // advisory severity "medium"
        assertThat(dep.findings().get(0).record().get("severity_id")).isEqualTo(3);
    }

    @Test
    void secretScanningSeverityIsHighUnlessConfigured() {
        var secret = delivery(Fixtures.webhook("secret_scanning_alert/reopened.json"));
        var byDefault = mapper.map(secret).findings().get(0).record();
        assertThat(((org.apache.avro.generic.GenericRecord) byDefault.get("unmapped")).get("severity").toString())
                .isEqualTo("high");
        assertThat(byDefault.get("severity_id")).isEqualTo(4);

        var critical = new OcsfMapper("critical").map(secret).findings().get(0).record();
        assertThat(((org.apache.avro.generic.GenericRecord) critical.get("unmapped")).get("severity").toString())
                .isEqualTo("critical");
        assertThat(critical.get("severity_id")).isEqualTo(5);
        assertThat(critical.get("severity")).hasToString("Critical");

        // as the other settings naming values are, in any case
        assertThat(new OcsfMapper("Critical").map(secret).findings().get(0).record().get("severity_id")).isEqualTo(5);
        assertThatThrownBy(() -> new OcsfMapper("urgent")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alertlake.consumer.secret-severity").hasMessageContaining("urgent");
    }
}
