package io.alertlake.ingest;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which processes need the webhook secret: those that take webhooks. */
class WebhookSecretsTest {

    private static AlertlakeConfig awsWithoutSecret(String roles) {
        return TestConfigs.of(Map.of("alertlake.mode", "aws", "alertlake.roles", roles));
    }

    @Test
    void anIngestTaskOnAwsRefusesToStartWithoutASecret() {
        assertThatThrownBy(() -> new WebhookSecrets(awsWithoutSecret("ingest,api")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("alertlake.webhook.secret");
    }

    @Test
    void theConsumerRunsWithoutOneAndItsEndpointVerifiesNothing() {
        WebhookSecrets secrets = new WebhookSecrets(awsWithoutSecret("consume"));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(secrets.generated()).isEmpty(); // nothing to print, nothing anyone knows
        assertThat(secrets.verifier().verify(body, SignatureVerifier.sign("x", body))).isFalse();
        assertThat(secrets.verifier().verify(body, SignatureVerifier.sign("It's a Secret to Everybody", body))).isFalse();
    }
}
