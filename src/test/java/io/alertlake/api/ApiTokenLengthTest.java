package io.alertlake.api;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On AWS the API is on the internet: a token that can be guessed stops the service at start. */
class ApiTokenLengthTest {

    private static AlertlakeConfig config(String mode, String tokens) {
        return TestConfigs.of(Map.of("alertlake.mode", mode, "alertlake.api.tokens", tokens));
    }

    @Test
    void aShortTokenOnAwsIsRefusedWithoutNamingIt() {
        String longOne = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b";
        assertThatThrownBy(() -> new ApiTokens(config("aws", longOne + ",admin123")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alertlake.api.tokens").hasMessageContaining("shorter than 20")
                .hasMessageNotContaining("admin123");
        assertThat(new ApiTokens(config("aws", longOne)).allows("Bearer " + longOne)).isTrue();
    }

    @Test
    void locallyAnyTokenWorks() {
        assertThat(new ApiTokens(config("local", "test-token")).allows("Bearer test-token")).isTrue();
    }

    @Test
    void aShortAdminTokenOnAwsIsRefusedToo() {
        String longOne = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b";
        assertThatThrownBy(() -> new ApiTokens(TestConfigs.of(Map.of("alertlake.mode", "aws", "alertlake.api.tokens",
                longOne, "alertlake.api.admin-tokens", "short-admin")))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alertlake.api.admin-tokens").hasMessageNotContaining("short-admin");
    }

    @Test
    void readTokensReadAdminTokensDoBothAndTheLocalRunsOwnTokenIsAnAdmin() {
        String read = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b";
        String admin = "2c26b46b68ffc68ff99b453c1d30413413422d70";
        ApiTokens tokens = new ApiTokens(TestConfigs.of(Map.of("alertlake.mode", "aws", "alertlake.api.tokens", read,
                "alertlake.api.admin-tokens", admin)));
        assertThat(tokens.access("Bearer " + read)).isEqualTo(ApiTokens.Access.READ);
        assertThat(tokens.access("Bearer " + admin)).isEqualTo(ApiTokens.Access.ADMIN);
        assertThat(tokens.access("Bearer nope")).isEqualTo(ApiTokens.Access.NONE);
        ApiTokens local = new ApiTokens(TestConfigs.of(Map.of("alertlake.mode", "local")));
        assertThat(local.access("Bearer " + local.generated().orElseThrow())).isEqualTo(ApiTokens.Access.ADMIN);
    }
}
