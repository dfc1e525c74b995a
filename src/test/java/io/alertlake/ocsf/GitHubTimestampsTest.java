package io.alertlake.ocsf;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GitHubTimestampsTest {

    /** What the general ISO parser makes of a text: the reference the short form must agree with. */
    private static Instant isoParser(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Test
    void gitHubsFormReadsAsTheIsoParserReadsIt() {
        DateTimeFormatter gitHub = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            // 1900 to 2200: month ends, leap days, the epoch's either side
            long second = -2_208_988_800L + (long) (random.nextDouble() * 9_467_280_000L);
            String text = gitHub.format(Instant.ofEpochSecond(second));
            assertThat(GitHubTimestamps.utcSeconds(text)).as(text).isEqualTo(Instant.ofEpochSecond(second));
            assertThat(GitHubTimestamps.parse(text)).as(text).isEqualTo(isoParser(text));
        }
    }

    @Test
    void everyOtherTextGetsWhatTheIsoParserGives() {
        String[] texts = {
                "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2100-02-29T12:00:00Z", "2000-02-29T23:59:59Z",
                "2024-04-31T00:00:00Z", "2024-12-31T23:59:59Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z",
                "2024-01-00T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z", "2024-01-01T23:59:60Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
                "2024-01-01T00:00:00+02:00", "2019-05-15T15:20:36-07:00", "2024-01-01T00:00:00.123Z",
                "2024-01-01T00:00Z", "2024-01-01t00:00:00z", "2024-01-01 00:00:00Z", "2024-1-01T00:00:00Z",
                "20x4-01-01T00:00:00Z", "2024-01-01T00:00:00", "+12024-01-01T00:00:00Z", "2024-01-01T0a:00:00Z",
                "２０２４-01-01T00:00:00Z", "not a time", "2024-01-01T00:00:00ZZ", "2024/01/01T00:00:00Z"};
        for (String text : texts) {
            assertThat(GitHubTimestamps.parse(text)).as(text).isEqualTo(isoParser(text));
        }
        assertThat(GitHubTimestamps.parse("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
        assertThat(GitHubTimestamps.parse("2019-05-15T15:20:36-07:00")).isEqualTo(Instant.parse("2019-05-15T22:20:36Z"));
        assertThat(GitHubTimestamps.parse("2023-02-29T00:00:00Z")).isNull();
    }

    @Test
    void blankOrMissingIsNoTime() {
        assertThat(GitHubTimestamps.parse(null)).isNull();
        assertThat(GitHubTimestamps.parse("")).isNull();
        assertThat(GitHubTimestamps.parse("  ")).isNull();
    }
}
