package io.alertlake.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.alertlake.lake.StateStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Which task runs a scheduled GitHub job. Every ingest+API task schedules the jobs; without a lease each would run
 * its own reconciliation — on a new deployment, a full backfill per task — and its own redelivery sweep, spending
 * the installations' GitHub budget twice. The lease is a small object in {@code state/} (holder, until), taken for
 * most of the job's interval so that its holder, which renews its own lease, keeps the job; another task takes it
 * over once it expires (its holder stopped). S3 reads its own writes: after writing, a task waits a moment and reads
 * back, and runs the job only if the lease it reads is its own — of tasks racing for it, the last writer's.
 */
@Singleton
public class JobLeases {

    private static final Logger LOG = Logger.getLogger(JobLeases.class);
    /** The share of a job's interval its lease lasts: the holder's next run, a bit early or late, finds it its own. */
    static final double SHARE = 0.9;

    private final StateStore state;
    private final Clock clock;
    private final Duration settle;
    private final String holder = UUID.randomUUID().toString();

    @Inject
    public JobLeases(StateStore state) {
        this(state, Clock.systemUTC(), Duration.ofSeconds(2));
    }

    JobLeases(StateStore state, Clock clock, Duration settle) {
        this.state = state;
        this.clock = clock;
        this.settle = settle;
    }

    /** Whether this process should run {@code job} now, which recurs every {@code every}; takes or renews the lease. */
    public boolean acquire(String job, Duration every) {
        return hold(job, Duration.ofMillis((long) (every.toMillis() * SHARE)));
    }

    /**
     * Takes or renews the lease on {@code job} for {@code lasting}, unless another task holds it; whether this
     * process holds it now.
     */
    public boolean hold(String job, Duration lasting) {
        String name = name(job);
        Instant now = clock.instant();
        Optional<JsonNode> lease = state.read(name);
        if (lease.isPresent() && !mine(lease.get()) && Instant.parse(lease.get().path("until").asText()).isAfter(now)) {
            LOG.debugf("%s runs on another task (its lease lasts until %s)", job, lease.get().path("until").asText());
            return false;
        }
        write(name, now.plus(lasting));
        try {
            Thread.sleep(settle.toMillis()); // a task racing for the lease writes in this time, or has written
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return state.read(name).map(this::mine).orElse(false);
    }

    /** Gives the lease on {@code job} up if this process holds it, so that another task may take it at once. */
    public void release(String job) {
        String name = name(job);
        if (state.read(name).map(this::mine).orElse(false)) {
            write(name, clock.instant());
        }
    }

    private void write(String name, Instant until) {
        state.write(name, JsonNodeFactory.instance.objectNode().put("holder", holder).put("until", until.toString()));
    }

    private static String name(String job) {
        return "lease-" + job;
    }

    private boolean mine(JsonNode lease) {
        return holder.equals(lease.path("holder").asText());
    }
}
