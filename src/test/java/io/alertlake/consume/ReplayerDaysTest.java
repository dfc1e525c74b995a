package io.alertlake.consume;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayerDaysTest {

    @Test
    void aReplayListsTheRawDaysOfItsRangeAndTheFourteenEitherSideOnly() {
        var days = Replayer.rawDaysToList(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"));
        assertThat(days).hasSize(14 + 2 + 14).doesNotHaveDuplicates().isSorted();
        assertThat(days.get(0)).isEqualTo("2026-02-15");
        assertThat(days.get(days.size() - 1)).isEqualTo("2026-03-16");
    }
}
