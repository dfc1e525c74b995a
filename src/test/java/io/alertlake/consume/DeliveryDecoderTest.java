package io.alertlake.consume;

import io.alertlake.delivery.DeliveryMessages;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A message that is not a whole delivery is quarantined under the most telling name it has. */
class DeliveryDecoderTest {

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    @Test
    void aDeliveryWithDamagedAttributesKeepsItsGitHubIdentityInQuarantine() {
        // the receive time is missing: not a delivery alertlake can map, but GitHub's ids are there
        Message damaged = Message.builder().messageId("m-1").body("{\"action\":\"created\"}")
                .messageAttributes(Map.of(DeliveryMessages.DELIVERY, text("72d3162e-cc78-11e3-81ab-4c9367dc0958"),
                        DeliveryMessages.EVENT, text("dependabot_alert")))
                .build();
        assertThatThrownBy(() -> DeliveryMessages.read(damaged, null)).isInstanceOf(IllegalArgumentException.class);
        var quarantined = DeliveryDecoder.asQuarantined(damaged, null);
        assertThat(quarantined.deliveryId()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(quarantined.event()).isEqualTo("dependabot_alert");
        assertThat(new String(quarantined.body(), StandardCharsets.UTF_8)).isEqualTo("{\"action\":\"created\"}");
    }

    @Test
    void aForeignMessageIsQuarantinedUnderItsSqsId() {
        Message foreign = Message.builder().messageId("m-2").body("hello").build();
        var quarantined = DeliveryDecoder.asQuarantined(foreign, null);
        assertThat(quarantined.deliveryId()).isEqualTo("sqs-m-2");
        assertThat(quarantined.event()).isEqualTo("unknown");
    }
}
