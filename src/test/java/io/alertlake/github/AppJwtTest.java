package io.alertlake.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppJwtTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

    @Test
    void jwtFromGitHubsPkcs1KeyIsIssuedByTheAppBackdatedAMinuteAndValidUnderTenMinutes() throws Exception {
        String jwt = new AppJwt("123456", PemKeys.rsaPrivateKey(TestKeys.pkcs1Pem()), clock).token();

        JsonNode claims = TestKeys.verifiedClaims(jwt, TestKeys.PAIR.getPublic());
        long now = clock.instant().getEpochSecond();
        assertThat(claims.path("iss").asText()).isEqualTo("123456");
        assertThat(claims.path("iat").asLong()).isEqualTo(now - 60);
        assertThat(claims.path("exp").asLong()).isGreaterThan(now).isLessThanOrEqualTo(now + 600);
    }

    @Test
    void pkcs8KeyWithEscapedNewlinesAsEnvironmentVariablesCarryItWorksToo() throws Exception {
        String escaped = TestKeys.pkcs8Pem().replace("\n", "\\n");
        String jwt = new AppJwt("Iv1.abc", PemKeys.rsaPrivateKey(escaped), clock).token();
        assertThat(TestKeys.verifiedClaims(jwt, TestKeys.PAIR.getPublic()).path("iss").asText()).isEqualTo("Iv1.abc");
    }

    @Test
    void signatureDoesNotVerifyWithAnotherKey() throws Exception {
        String jwt = new AppJwt("1", PemKeys.rsaPrivateKey(TestKeys.pkcs8Pem()), clock).token();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        assertThatThrownBy(() -> TestKeys.verifiedClaims(jwt, g.generateKeyPair().getPublic()))
                .hasMessageContaining("does not verify");
    }

    @Test
    void tokenIsReusedWhileValidAndReSignedBeforeItExpires() throws Exception {
        AppJwt app = new AppJwt("1", PemKeys.rsaPrivateKey(TestKeys.pkcs8Pem()), clock);
        String first = app.token();
        clock.advance(Duration.ofMinutes(5));
        assertThat(app.token()).isEqualTo(first);
        clock.advance(Duration.ofMinutes(3).plusSeconds(30)); // under a minute left
        String second = app.token();
        assertThat(second).isNotEqualTo(first);
        assertThat(TestKeys.verifiedClaims(second, TestKeys.PAIR.getPublic()).path("iat").asLong())
                .isEqualTo(clock.instant().getEpochSecond() - 60);
    }

    @Test
    void unreadableKeyIsAClearErrorThatDoesNotEchoTheKey() {
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey("not-a-key-s3cr3t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alertlake.github.private-key").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey("-----BEGIN RSA PRIVATE KEY-----\nAAAAs3cr3t\n-----END RSA PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cr3t");
    }
}
