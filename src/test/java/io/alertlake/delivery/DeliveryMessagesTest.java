package io.alertlake.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryMessagesTest {

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("plain ASCII JSON", utf8("{\"action\":\"created\",\"alert\":{\"number\":7}}"), true),
                Arguments.of("tab, line feed and carriage return", utf8("{\t\"a\":\r\n1}"), true),
                Arguments.of("DEL, allowed by SQS", utf8("{\"a\":\"\u007f\"}"), true),
                Arguments.of("non-ASCII UTF-8", utf8("{\"name\":\"Jürgen — 漢字 😀\"}"), true),
                Arguments.of("NUL", utf8("{\"a\":\"\u0000\"}"), false),
                Arguments.of("another control character", utf8("{\"a\":\"\u001b\"}"), false),
                Arguments.of("U+FFFE, not a character SQS allows", utf8("{\"a\":\"\ufffe\"}"), false),
                Arguments.of("not UTF-8", new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'}, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void bodiesTravelAsTextOnlyWhenSqsTakesThemUnchangedAndAlwaysComeBackByteIdentical(String name, byte[] body,
                                                                                        boolean asText) {
        Delivery sent = new Delivery("dependabot_alert", "d-1", "hook", "integration", "42",
                Instant.parse("2026-12-01T10:00:00Z"), body);
        DeliveryMessages.Outgoing out = DeliveryMessages.inline(sent);

        assertThat(out.attributes().containsKey(DeliveryMessages.BODY_ENCODING)).isEqualTo(!asText);
        if (asText) {
            assertThat(out.body()).isEqualTo(new String(body, StandardCharsets.UTF_8));
        }
        Message received = Message.builder().messageId("m-1").body(out.body()).messageAttributes(out.attributes())
                .build();
        Delivery back = DeliveryMessages.read(received, null);
        assertThat(back.body()).isEqualTo(body);
        assertThat(back.deliveryId()).isEqualTo("d-1");
        assertThat(back.receivedAt()).isEqualTo(sent.receivedAt());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
