package io.alertlake.local;

import io.alertlake.lake.LakePaths;
import io.alertlake.testing.TestDataDirs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode expires claim-checked bodies as the bucket's lifecycle rule does on AWS: a long-lived data directory
 * does not keep every large webhook body twice (it is in the raw archive too).
 */
@QuarkusTest
@TestProfile(ClaimCheckExpiryTest.Profile.class)
class ClaimCheckExpiryTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alertlake.local.data-dir", TestDataDirs.fresh("claim-check-expiry-test-data"));
        }
    }

    @Inject
    LocalStack localStack;

    @Test
    void bodiesOlderThanTheLifecycleRulesDaysAreDeletedAndNothingElse() throws Exception {
        String old = LakePaths.OVERSIZE + "day=2026-01-01/old-delivery.abc.body";
        String recent = LakePaths.OVERSIZE + "day=2026-01-02/recent-delivery.def.body";
        String archive = "raw/day=2026-01-01/batch-000001.ndjson.gz"; // as old, but not a claim check
        try (S3Client s3 = localStack.s3Client()) {
            for (String key : new String[] {old, recent, archive}) {
                s3.putObject(r -> r.bucket("alertlake").key(key), RequestBody.fromString("{}"));
            }
        }
        Instant longAgo = Instant.now().minus(Duration.ofDays(LocalStack.CLAIM_CHECK_DAYS + 1));
        Instant withinTheDays = Instant.now().minus(Duration.ofDays(LocalStack.CLAIM_CHECK_DAYS - 1));
        touch(old, longAgo);
        touch(archive, longAgo);
        touch(recent, withinTheDays);

        assertThat(localStack.expireClaimChecks()).isEqualTo(1);
        assertThat(Files.exists(file(old))).isFalse();
        assertThat(Files.exists(file(recent))).isTrue();
        assertThat(Files.exists(file(archive))).isTrue();
    }

    @Test
    void theDaysAreTheBucketRules() throws Exception {
        String lake = Files.readString(Path.of("terraform/lake.tf"));
        Matcher rule = Pattern.compile("id\\s*=\\s*\"claim-checks-expire\"[^}]*prefix\\s*=\\s*\"" + LakePaths.OVERSIZE
                + "\"[\\s\\S]*?days\\s*=\\s*(\\d+)").matcher(lake);
        assertThat(rule.find()).as("the claim-checks-expire rule of terraform/lake.tf").isTrue();
        assertThat(Integer.parseInt(rule.group(1))).isEqualTo(LocalStack.CLAIM_CHECK_DAYS);
    }

    private Path file(String key) {
        return localStack.bucketDir().resolve(key);
    }

    private void touch(String key, Instant when) throws Exception {
        Files.setLastModifiedTime(file(key), FileTime.from(when));
    }
}
