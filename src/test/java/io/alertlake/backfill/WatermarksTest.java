package io.alertlake.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WatermarksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant MONDAY = Instant.parse("2026-11-30T02:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-12-01T02:00:00Z");

    @Test
    void aListingThatFailedKeepsItsWatermarkWhileTheOthersMoveOn() {
        Watermarks after = Watermarks.NONE.after(MONDAY, List.of("1/dependabot", "2/dependabot"));
        // Tuesday's run read repository 1 to its end; repository 2 failed (a 500 on every page)
        Watermarks next = after.after(TUESDAY, List.of("1/dependabot"));
        assertThat(next.since("1/dependabot")).isEqualTo(TUESDAY.minus(Watermarks.OVERLAP));
        assertThat(next.since("2/dependabot")).isEqualTo(MONDAY.minus(Watermarks.OVERLAP)); // read from Monday's
        assertThat(next.since("3/dependabot")).isNull(); // never read to its end: whole
        assertThat(next.oldest()).isEqualTo(MONDAY.minus(Watermarks.OVERLAP));
    }

    @Test
    void aWatermarkNeverMovesBack() {
        Watermarks tuesday = Watermarks.NONE.after(TUESDAY, List.of("1/dependabot"));
        assertThat(tuesday.after(MONDAY, List.of("1/dependabot")).since("1/dependabot"))
                .isEqualTo(TUESDAY.minus(Watermarks.OVERLAP));
    }

    @Test
    void theyAreReadBackAsWrittenAndTheFormerFormGivesEveryListedListingItsStart() throws Exception {
        Watermarks written = Watermarks.NONE.after(TUESDAY, List.of("1/dependabot", "1/code_scanning"));
        assertThat(Watermarks.of(Optional.of(written.json("run-1")))).isEqualTo(written);

        JsonNode former = JSON.readTree("{\"since\":\"2026-11-30T01:00:00Z\",\"run\":\"r\","
                + "\"listed\":[\"1/dependabot\",\"2/secret_scanning\"]}");
        Watermarks read = Watermarks.of(Optional.of(former));
        assertThat(read.since("1/dependabot")).isEqualTo(Instant.parse("2026-11-30T01:00:00Z"));
        assertThat(read.since("2/secret_scanning")).isEqualTo(Instant.parse("2026-11-30T01:00:00Z"));
        assertThat(read.since("3/dependabot")).isNull();
        assertThat(Watermarks.of(Optional.empty()).oldest()).isNull();
    }
}
