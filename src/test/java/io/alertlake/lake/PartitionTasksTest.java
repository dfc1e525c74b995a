package io.alertlake.lake;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every partition's task runs to its end before a failure reaches the caller, and an Error stays an Error. */
class PartitionTasksTest {

    @Test
    void resultsComeInKeyOrder() {
        try (PartitionTasks tasks = new PartitionTasks(4)) {
            assertThat(tasks.map(List.of(3, 1, 2), k -> k * 10)).containsExactly(30, 10, 20);
        }
    }

    @Test
    void anErrorInAWriterReachesTheCallerAsItIsAfterEveryOtherTaskEnded() {
        Set<Integer> ended = ConcurrentHashMap.newKeySet();
        try (PartitionTasks tasks = new PartitionTasks(2)) {
            assertThatThrownBy(() -> tasks.map(List.of(1, 2, 3, 4, 5, 6), k -> {
                if (k == 2) {
                    throw new IllegalArgumentException("a failed PUT");
                }
                if (k == 4) {
                    throw new OutOfMemoryError("Java heap space");
                }
                ended.add(k);
                return k;
            })).isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
        }
        assertThat(ended).containsExactlyInAnyOrder(1, 3, 5, 6);
    }

    @Test
    void theFirstExceptionIsRethrownAsItIs() {
        try (PartitionTasks tasks = new PartitionTasks(2)) {
            assertThatThrownBy(() -> tasks.map(List.of(1, 2, 3), k -> {
                if (k >= 2) {
                    throw new IllegalArgumentException("failed " + k);
                }
                return k;
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("failed 2");
        }
    }
}
