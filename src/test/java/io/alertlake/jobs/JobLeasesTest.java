package io.alertlake.jobs;

import io.alertlake.lake.StateStore;
import io.alertlake.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Two api tasks sharing the lake's state/ (the S3 stand-in): each scheduled job runs on one of them. */
@QuarkusTest
class JobLeasesTest {

    private static final Duration HOURLY = Duration.ofHours(1);

    @Inject
    StateStore state;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void aJobRunsOnTheTaskHoldingItsLeaseUntilTheLeaseExpires() {
        String job = "test-" + UUID.randomUUID();
        JobLeases first = new JobLeases(state, clock, Duration.ofMillis(100));
        JobLeases second = new JobLeases(state, clock, Duration.ofMillis(100));

        assertThat(first.acquire(job, HOURLY)).isTrue();
        assertThat(second.acquire(job, HOURLY)).isFalse();
        clock.advance(HOURLY); // the holder's next run renews its lease
        assertThat(first.acquire(job, HOURLY)).isTrue();
        assertThat(second.acquire(job, HOURLY)).isFalse();
        clock.advance(Duration.ofMinutes(55)); // the holder stopped: its lease (54 minutes) ran out
        assertThat(second.acquire(job, HOURLY)).isTrue();
        assertThat(first.acquire(job, HOURLY)).isFalse();
    }

    /** Shorter than the service's 2 s, long enough that three local writes of one lease land within it. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    @Test
    void ofTasksRacingForAFreeLeaseOneRunsTheJob() {
        for (int round = 0; round < 3; round++) {
            String job = "race-" + UUID.randomUUID();
            List<JobLeases> tasks = List.of(new JobLeases(state, clock, SETTLE),
                    new JobLeases(state, clock, SETTLE), new JobLeases(state, clock, SETTLE));
            List<CompletableFuture<Boolean>> runs = tasks.stream()
                    .map(t -> CompletableFuture.supplyAsync(() -> t.acquire(job, HOURLY))).toList();
            assertThat(runs.stream().map(CompletableFuture::join).filter(Boolean::booleanValue)).hasSize(1);
        }
    }
}
