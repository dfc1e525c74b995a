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
        JobLeases first = new JobLeases(state, clock);
        JobLeases second = new JobLeases(state, clock);

        assertThat(first.acquire(job, HOURLY)).isTrue();
        assertThat(second.acquire(job, HOURLY)).isFalse();
        clock.advance(HOURLY); // the holder's next run renews its lease
        assertThat(first.acquire(job, HOURLY)).isTrue();
        assertThat(second.acquire(job, HOURLY)).isFalse();
        clock.advance(Duration.ofMinutes(55)); // the holder stopped: its lease (54 minutes) ran out
        assertThat(second.acquire(job, HOURLY)).isTrue();
        assertThat(first.acquire(job, HOURLY)).isFalse();
    }

    @Test
    void ofTasksRacingForAFreeLeaseOneRunsTheJob() {
        for (int round = 0; round < 10; round++) {
            String job = "race-" + UUID.randomUUID();
            List<JobLeases> tasks = List.of(new JobLeases(state, clock),
                    new JobLeases(state, clock), new JobLeases(state, clock));
            List<CompletableFuture<Boolean>> runs = tasks.stream()
                    .map(t -> CompletableFuture.supplyAsync(() -> t.acquire(job, HOURLY))).toList();
            assertThat(runs.stream().map(CompletableFuture::join).filter(Boolean::booleanValue)).hasSize(1);
        }
    }

    @Test
    void ofTwoTasksWritingOverTheSameVersionOnlyTheFirstWrites() {
        // what two tasks do when both read a lease that is free (absent, or expired) before either writes it
        String name = "race-" + UUID.randomUUID();
        var absent = state.readStored(name);
        assertThat(state.writeIf(name, node("first"), absent)).isTrue();
        assertThat(state.writeIf(name, node("second"), absent)).isFalse();
        var read = state.readStored(name).orElseThrow();
        assertThat(read.value().path("by").asText()).isEqualTo("first");
        assertThat(state.writeIf(name, node("third"), java.util.Optional.of(read))).isTrue();
        assertThat(state.writeIf(name, node("fourth"), java.util.Optional.of(read))).isFalse();
        assertThat(state.read(name).orElseThrow().path("by").asText()).isEqualTo("third");
    }

    @Test
    void anExpiredLeaseIsTakenOverByOneOfTheTasksRacingForIt() {
        for (int round = 0; round < 5; round++) {
            String job = "expired-" + UUID.randomUUID();
            assertThat(new JobLeases(state, clock).acquire(job, HOURLY)).isTrue();
            clock.advance(HOURLY); // its holder stopped
            List<JobLeases> tasks = List.of(new JobLeases(state, clock), new JobLeases(state, clock));
            List<CompletableFuture<Boolean>> runs = tasks.stream()
                    .map(t -> CompletableFuture.supplyAsync(() -> t.acquire(job, HOURLY))).toList();
            assertThat(runs.stream().map(CompletableFuture::join).filter(Boolean::booleanValue)).hasSize(1);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode node(String by) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("by", by);
    }

    /** The progress a run shares, as small as {@link SharedRuns} allows. */
    record Progress(String id, String status, Instant updatedAt) {
    }

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    /** One task's runs of {@code kind}: two such stand for two tasks. */
    private SharedRuns<Progress> runsOf(String kind) {
        return new SharedRuns<>(kind, Progress.class, state, new JobLeases(state, clock), json, clock);
    }

    /** Two tasks' runs of a kind of their own, given to {@code test}, stopped after it. */
    private void twoTasks(java.util.function.BiConsumer<SharedRuns<Progress>, SharedRuns<Progress>> test) {
        String kind = "test" + UUID.randomUUID().toString().substring(0, 8);
        SharedRuns<Progress> here = runsOf(kind);
        SharedRuns<Progress> other = runsOf(kind);
        try {
            test.accept(here, other);
        } finally {
            here.stop();
            other.stop();
        }
    }

    @Test
    void aRunWhoseLeaseAnotherTaskTookIsToldToStop() {
        StopRequests stops = new StopRequests();
        twoTasks((here, other) -> {
            assertThat(here.claim()).isTrue();
            here.running(() -> new Progress("r1", "RUNNING", clock.instant()), stops);
            here.beat();
            assertThat(stops.takenOver()).isFalse(); // renewed
            assertThat(other.claim()).isFalse();

            clock.advance(SharedRuns.STALE.plusMinutes(1)); // this task's heartbeats did not come through
            assertThat(other.claim()).isTrue();
            here.beat();
            assertThat(stops.takenOver()).isTrue();
            assertThat(stops.cancelled()).isFalse();
        });
    }

    @Test
    void aRunThatFinishesAfterTheNextOneStartedLeavesThatOneTheLease() {
        StopRequests stops = new StopRequests();
        twoTasks((here, other) -> {
            assertThat(here.claim()).isTrue();
            java.util.function.Supplier<Progress> first = () -> new Progress("r1", "SUCCEEDED", clock.instant());
            here.running(first, new StopRequests());
            // the first run reads as ended, but is still writing what it leaves behind when the second one starts
            assertThat(here.claim()).isTrue();
            java.util.function.Supplier<Progress> second = () -> new Progress("r2", "RUNNING", clock.instant());
            here.running(second, stops);
            here.finished(first);

            assertThat(other.claim()).isFalse(); // the second run's lease
            clock.advance(Duration.ofMinutes(1));
            here.beat();
            clock.advance(SharedRuns.STALE.minusSeconds(30)); // past the lease taken at the start, not past the beat
            assertThat(other.claim()).isFalse();
            assertThat(stops.takenOver()).isFalse();
            assertThat(other.find("r2")).get().extracting(Progress::status).isEqualTo("RUNNING");
            assertThat(other.find("r1")).get().extracting(Progress::status).isEqualTo("SUCCEEDED");

            here.finished(second);
            assertThat(here.awaitFinished()).isTrue();
            assertThat(other.claim()).isTrue();
        });
    }

    @Test
    void aRunCancelledOnAnotherTaskIsToldAtItsNextHeartbeat() {
        StopRequests stops = new StopRequests();
        twoTasks((here, other) -> {
            assertThat(here.claim()).isTrue();
            here.running(() -> new Progress("r1", "RUNNING", clock.instant()), stops);

            var cancelling = other.cancel("r1");
            assertThat(cancelling).get().satisfies(c -> {
                assertThat(c.running()).isTrue();
                assertThat(c.run().id()).isEqualTo("r1");
            });
            assertThat(stops.cancelled()).isFalse(); // the other task cannot reach this one's run but through state/
            here.beat();
            assertThat(stops.cancelled()).isTrue();
            assertThat(stops.takenOver()).isFalse();
        });
    }

    @Test
    void aRunCancelledOnItsOwnTaskIsToldAtOnce() {
        StopRequests stops = new StopRequests();
        twoTasks((here, other) -> {
            assertThat(here.claim()).isTrue();
            here.running(() -> new Progress("r1", "RUNNING", clock.instant()), stops);
            assertThat(here.cancel("r1")).get().extracting(SharedRuns.Cancelling::running).isEqualTo(true);
            assertThat(stops.cancelled()).isTrue();
        });
    }

    @Test
    void onlyARunThatIsGoingCanBeCancelledAndAnUnknownOneIsNotFound() {
        StopRequests first = new StopRequests();
        StopRequests later = new StopRequests();
        twoTasks((here, other) -> {
            assertThat(here.claim()).isTrue();
            java.util.function.Supplier<Progress> done = () -> new Progress("r1", "SUCCEEDED", clock.instant());
            here.running(done, first);
            here.finished(done);

            assertThat(other.cancel("r1")).get().satisfies(c -> {
                assertThat(c.running()).isFalse();
                assertThat(c.run().status()).isEqualTo("SUCCEEDED");
            });
            assertThat(other.cancel("r2")).isEmpty();
            assertThat(other.cancel("../lease-x")).isEmpty();
            assertThat(first.cancelled()).isFalse();
            // a later run of this task is not told of another run's cancel
            assertThat(here.claim()).isTrue();
            here.running(() -> new Progress("r3", "RUNNING", clock.instant()), later);
            here.beat();
            assertThat(later.cancelled()).isFalse();
            assertThat(here.recent()).extracting(Progress::id).containsExactly("r3", "r1"); // no cancel among them
        });
    }
}
