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
    void onAwsAShortSecretIsRefusedCurrentOrPrevious() {
        assertThatThrownBy(() -> new WebhookSecrets(TestConfigs.of(Map.of("alertlake.mode", "aws",
                "alertlake.webhook.secret", "short-secret"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shorter than 20 characters")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> new WebhookSecrets(TestConfigs.of(Map.of("alertlake.mode", "aws",
                "alertlake.webhook.secret", "a-secret-of-twenty-or-more", "alertlake.webhook.previous-secret", "old"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("previous-secret");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        WebhookSecrets long_ = new WebhookSecrets(TestConfigs.of(Map.of("alertlake.mode", "aws",
                "alertlake.webhook.secret", "a-secret-of-twenty-or-more")));
        assertThat(long_.verifier().verify(body, SignatureVerifier.sign("a-secret-of-twenty-or-more", body))).isTrue();
        // local mode takes what it is given: the test vectors' secrets are short
        WebhookSecrets local = new WebhookSecrets(TestConfigs.of(Map.of("alertlake.webhook.secret", "x")));
        assertThat(local.verifier().verify(body, SignatureVerifier.sign("x", body))).isTrue();
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
