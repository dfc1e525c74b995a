package io.alertlake.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SecretValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The leaked secret in GitHub's example payload (REST API description). */
    private static final String SECRET = "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX-us2";

    @Test
    void theSecretOfASecretScanningPayloadIsReplacedAndEveryOtherByteKept() throws Exception {
        var f = Fixtures.webhook("secret_scanning_alert_location/created.rest-api-description.json");
        String body = new String(f.body(), StandardCharsets.UTF_8);
        assertThat(body).contains(SECRET);

        byte[] redacted = SecretValues.redact(f.event(), f.body());

        assertThat(new String(redacted, StandardCharsets.UTF_8))
                .doesNotContain(SECRET)
                .isEqualTo(body.replace("\"" + SECRET + "\"", "\"" + SecretValues.REDACTED + "\""));
        ObjectNode expected = (ObjectNode) JSON.readTree(f.body());
        ((ObjectNode) expected.get("alert")).put("secret", SecretValues.REDACTED);
        assertThat(JSON.readTree(redacted)).isEqualTo(expected);
    }

    @Test
    void escapedAndNonAsciiSecretsAreTakenOutWhole() throws Exception {
        String body = "{\"action\":\"created\",\"alert\":{\"number\":1,\"secret\":\"ab\\\"c\\u0041 — ü\","
                + "\"secret_type\":\"x\"},\"repository\":{\"id\":1}}";
        byte[] redacted = SecretValues.redact("secret_scanning_alert", body.getBytes(StandardCharsets.UTF_8));
        JsonNode tree = JSON.readTree(redacted);
        assertThat(tree.path("alert").path("secret").asText()).isEqualTo(SecretValues.REDACTED);
        assertThat(tree.path("alert").path("secret_type").asText()).isEqualTo("x");
        assertThat(tree.path("repository").path("id").asInt()).isEqualTo(1);
    }

    @Test
    void onlyTheAlertsSecretOfSecretScanningEventsIsTouched() {
        byte[] elsewhere = "{\"secret\":\"top\",\"alert\":{\"location\":{\"secret\":\"deep\"}}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SecretValues.redact("secret_scanning_alert", elsewhere)).isSameAs(elsewhere);
        byte[] other = "{\"alert\":{\"secret\":\"s\"}}".getBytes(StandardCharsets.UTF_8);
        assertThat(SecretValues.redact("code_scanning_alert", other)).isSameAs(other);
        byte[] notJsonNoSecret = "{\"alert\":{\"number\":".getBytes(StandardCharsets.UTF_8);
        assertThat(SecretValues.redact("secret_scanning_alert", notJsonNoSecret)).isSameAs(notJsonNoSecret);
        var hidden = Fixtures.webhook("secret_scanning_alert/reopened.json");
        assertThat(SecretValues.redact(hidden.event(), hidden.body())).isSameAs(hidden.body());
    }

    @Test
    void aSecretUnderANameSpelledWithEscapesOrGivenTwiceIsTakenOut() throws Exception {
        // the name below spells "secret" with a backslash-u escape: the body never says "secret", every JSON reader reads it
        String escaped = "{\"action\":\"created\",\"alert\":{\"number\":1,\"secr\\u0065t\":\"s3cr3t-value\"}}";
        byte[] redacted = SecretValues.redact("secret_scanning_alert", escaped.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(redacted, StandardCharsets.UTF_8)).doesNotContain("s3cr3t-value");
        assertThat(JSON.readTree(redacted).path("alert").path("secret").asText()).isEqualTo(SecretValues.REDACTED);

        String twice = "{\"alert\":{\"secret\":\"first-value\",\"number\":2,\"secret\":\"second-value\"},"
                + "\"repository\":{\"id\":7}}";
        String out = new String(SecretValues.redact("secret_scanning_alert", twice.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(out).isEqualTo(twice.replace("\"first-value\"", "\"[redacted]\"")
                .replace("\"second-value\"", "\"[redacted]\""));
    }

    @Test
    void aSecretGivenAsAnObjectOrAnArrayGoesWhole() throws Exception {
        String body = "{\"alert\":{\"secret\":{\"value\":\"inner-value\",\"parts\":[\"a-part\"]},\"number\":3}}";
        byte[] redacted = SecretValues.redact("secret_scanning_alert", body.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(redacted, StandardCharsets.UTF_8)).doesNotContain("inner-value").doesNotContain("a-part");
        JsonNode tree = JSON.readTree(redacted);
        assertThat(tree.path("alert").path("secret").asText()).isEqualTo(SecretValues.REDACTED);
        assertThat(tree.path("alert").path("number").asInt()).isEqualTo(3);
    }

    @Test
    void aBodyWhoseSecretIsAlreadyRedactedIsPassedOnAsItIsButASecondSecretIsNot() {
        var f = Fixtures.webhook("secret_scanning_alert_location/created.rest-api-description.json");
        byte[] once = SecretValues.redact(f.event(), f.body());
        assertThat(once).isNotSameAs(f.body());
        assertThat(SecretValues.redact(f.event(), once)).isSameAs(once); // what ingest queued: not parsed again

        byte[] spaced = "{\"alert\":{\"secret\" :\n \"[redacted]\",\"secret_type\":\"secret\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SecretValues.redact("secret_scanning_alert", spaced)).isSameAs(spaced);

        String second = "{\"alert\":{\"secret\":\"[redacted]\",\"number\":2,\"secret\" : \"second-value\"}}";
        assertThat(new String(SecretValues.redact("secret_scanning_alert", second.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo(second.replace("\"second-value\"", "\"[redacted]\""));
        String prefixed = "{\"alert\":{\"secret\":\"[redacted]-and-the-value\"}}";
        assertThat(new String(SecretValues.redact("secret_scanning_alert", prefixed.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("{\"alert\":{\"secret\":\"[redacted]\"}}");
    }

    @Test
    void jsonBeyondJacksonsDefaultLimitsIsReadToItsSecret() throws Exception {
        String secret = "{\"alert\":{\"number\":1,\"secret\":\"limit-secret\"}}";
        String number = "{\"n\":" + "1".repeat(1_001) + ",\"alert\":{\"secret\":\"limit-secret\"}}";
        String deep = "{\"deep\":" + "[".repeat(1_000) + "]".repeat(1_000)
                + ",\"alert\":{\"secret\":\"limit-secret\"}}";
        String name = "{\"" + "n".repeat(50_001) + "\":1,\"alert\":{\"secret\":\"limit-secret\"}}";
        String string = "{\"s\":\"" + "s".repeat(20_000_001) + "\",\"alert\":{\"secret\":\"limit-secret\"}}";
        for (String body : new String[] {secret, number, deep, name, string}) {
            byte[] redacted = SecretValues.redact("secret_scanning_alert", body.getBytes(StandardCharsets.UTF_8));
            assertThat(new String(redacted, StandardCharsets.UTF_8)).as(body.substring(0, 20))
                    .isEqualTo(body.replace("\"limit-secret\"", "\"[redacted]\""));
        }
    }

    @Test
    void aBodyThatIsNotJsonIsCutWhereASecretMayBeAndKeepsWhatCameBefore() {
        String brokenInTheSecret = "{\"action\":\"created\",\"alert\":{\"number\":1,\"secret\":\"ghp_abc\u0001def\"}}";
        assertThat(redacted(brokenInTheSecret)).isEqualTo(
                "{\"action\":\"created\",\"alert\":{\"number\":1,\"[redacted]\"");
        String brokenBefore = "{\"x\":tru,\"alert\":{\"secret\":\"ghp_after\"}}";
        assertThat(redacted(brokenBefore)).isEqualTo("{\"x\":tru,\"alert\":{\"[redacted]\"");
        String escapedAfter = "{\"alert\":{\"secret\":\"first\",\"x\":nul,\"secr\\u0065t\":\"second\"}}";
        // cut at the escape, which could spell a secret's name
        assertThat(redacted(escapedAfter))
                .isEqualTo("{\"alert\":{\"secret\":\"[redacted]\",\"x\":nul,\"secr\"[redacted]\"");
        String brokenAfterItsOnlySecret = "{\"alert\":{\"secret\":\"only\",\"x\":nul}}";
        assertThat(redacted(brokenAfterItsOnlySecret)).isEqualTo("{\"alert\":{\"secret\":\"[redacted]\",\"x\":nul}}");
    }

    @Test
    void jsonInUtf16OrUtf32ThatMayHoldASecretIsReplacedWhole() {
        String body = "{\"action\":\"created\",\"alert\":{\"number\":1,\"secret\":\"wide-secret\"}}";
        for (String charset : new String[] {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE", "UTF-32BE"}) {
            byte[] wide = body.getBytes(java.nio.charset.Charset.forName(charset));
            assertThat(new String(SecretValues.redact(wide), StandardCharsets.UTF_8)).as(charset)
                    .isEqualTo("\"[redacted]\"");
        }
        byte[] noSecret = "{\"action\":\"created\",\"alert\":{\"number\":1}}".getBytes(StandardCharsets.UTF_16LE);
        assertThat(SecretValues.redact(noSecret)).isSameAs(noSecret);
    }

    private static String redacted(String body) {
        return new String(SecretValues.redact("secret_scanning_alert", body.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }
}
