package io.alertlake.ocsf;

import io.alertlake.delivery.Delivery;
import io.alertlake.testing.Fixtures;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SharedTextTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-01T10:00:00Z");

    private static GenericRecord finding(String fixture, String deliveryId) {
        Fixtures.Webhook f = Fixtures.webhook(fixture);
        Delivery d = new Delivery(f.event(), deliveryId, "1", "integration", "2", RECEIVED, f.body());
        return new OcsfMapper().map(d).findings().get(0).record();
    }

    private static Object at(GenericRecord record, String... path) {
        Object v = record;
        for (String field : path) {
            v = v instanceof List<?> list ? ((GenericRecord) list.get(0)).get(field) : ((GenericRecord) v).get(field);
        }
        return v;
    }

    @Test
    void twoEventsOfOneAlertHoldOneCopyOfTheTextTheyShare() {
        GenericRecord first = finding("dependabot_alert/created.json", "delivery-1");
        GenericRecord second = finding("dependabot_alert/created.json", "delivery-2");

        // the same values as before, and one String for each: the advisory's text, its links, the repository
        for (String[] path : List.of(new String[] {"finding_info", "desc"}, new String[] {"finding_info", "title"},
                new String[] {"vulnerabilities", "references"}, new String[] {"unmapped", "org"},
                new String[] {"resources", "name"}, new String[] {"finding_info", "src_url"})) {
            assertThat(at(second, path)).as(String.join(".", path)).isNotNull().isEqualTo(at(first, path));
            if (at(second, path) instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    assertThat(list.get(i)).isSameAs(((List<?>) at(first, path)).get(i));
                }
            } else {
                assertThat(at(second, path)).as(String.join(".", path)).isSameAs(at(first, path));
            }
        }
        // the advisory's description is GitHub's Markdown, the longest text of a Dependabot record
        assertThat((String) at(first, "finding_info", "desc")).hasSizeGreaterThan(100);
    }

    @Test
    void aListWhoseTextsAreAlreadySharedIsKept() {
        GenericRecord finding = finding("dependabot_alert/created.json", "delivery-types");
        assertThat(at(finding, "finding_info", "types")).isSameAs(AlertType.DEPENDABOT.findingTypes());
    }

    @Test
    void aDeliveryIdIsItsOwnAndTakesNoPlaceInTheTable() {
        GenericRecord finding = finding("code_scanning_alert/created.json", "delivery-only-once");
        String uid = (String) at(finding, "metadata", "uid");
        assertThat(uid).isEqualTo("delivery-only-once");

        String equal = new String(uid.toCharArray());
        assertThat(SharedText.of(equal)).isSameAs(equal).isNotSameAs(uid);
    }

    @Test
    void anEqualValueIsReplacedByTheOneHeld() {
        String held = SharedText.of(new String("critical-" + System.nanoTime()));
        String later = new String(held.toCharArray());
        assertThat(later).isNotSameAs(held);
        assertThat(SharedText.of(later)).isSameAs(held);
        assertThat(SharedText.of(null)).isNull();
    }

    @Test
    void twoValuesOfOneSetAreBothHeld() {
        String a = "a-" + System.nanoTime();
        String b = null;
        for (int i = 0; b == null; i++) {
            String candidate = "b-" + i;
            if (SharedText.set(candidate) == SharedText.set(a)) {
                b = candidate;
            }
        }
        String heldA = SharedText.of(a);
        String heldB = SharedText.of(b);
        // alternating, as two columns of each record: neither takes the other's place
        for (int round = 0; round < 3; round++) {
            assertThat(SharedText.of(new String(a.toCharArray()))).isSameAs(heldA);
            assertThat(SharedText.of(new String(b.toCharArray()))).isSameAs(heldB);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aListKeepsItsElementsAsTheyWereNullsIncluded() {
        org.apache.avro.generic.GenericData.Record finding =
                new org.apache.avro.generic.GenericData.Record(FindingSchema.finding());
        org.apache.avro.generic.GenericData.Record info = 
                new org.apache.avro.generic.GenericData.Record(OcsfFields.FindingInfo.SCHEMA);
        String type = "a type " + System.nanoTime();
        info.put("types", java.util.Arrays.asList(type, null));
        finding.put("finding_info", info);

        SharedText.shareAll(finding);

        assertThat((List<Object>) info.get("types")).containsExactly(type, null);
    }

    @Test
    void aLongValueIsNotHeld() {
        String longText = "x".repeat(SharedText.MAX_LENGTH + 1);
        SharedText.of(longText);
        String equal = new String(longText.toCharArray());
        assertThat(SharedText.of(equal)).isSameAs(equal);
    }
}
