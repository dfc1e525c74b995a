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
 * over once it expires (its holder stopped). A lease is written with S3's conditional write, over the version the
 * task read: of tasks racing for it, one writes it and the others are refused, in one step.
 */
@Singleton
public class JobLeases {

    private static final Logger LOG = Logger.getLogger(JobLeases.class);
    /** The share of a job's interval its lease lasts: the holder's next run, a bit early or late, finds it its own. */
    static final double SHARE = 0.9;

    private final StateStore state;
    private final Clock clock;
    private final String holder = UUID.randomUUID().toString();

    @Inject
    public JobLeases(StateStore state) {
        this(state, Clock.systemUTC());
    }

    JobLeases(StateStore state, Clock clock) {
        this.state = state;
        this.clock = clock;
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
        Optional<StateStore.Stored> lease = state.readStored(name);
        if (lease.isPresent() && !mine(lease.get().value())
                && Instant.parse(lease.get().value().path("until").asText()).isAfter(now)) {
            LOG.debugf("%s runs on another task (its lease lasts until %s)", job, lease.get().value().path("until").asText());
            return false;
        }
        // every write its own (an id): of two threads of this task taking the lease at once, one is refused too
        if (!state.writeIf(name, lease(now.plus(lasting), UUID.randomUUID().toString()), lease)) {
            LOG.debugf("%s: another task took its lease first", job);
            return false;
        }
        return true;
    }

    /** Gives the lease on {@code job} up if this process holds it, so that another task may take it at once. */
    public void release(String job) {
        String name = name(job);
        Optional<StateStore.Stored> lease = state.readStored(name);
        if (lease.isPresent() && mine(lease.get().value())) {
            state.writeIf(name, lease(clock.instant(), UUID.randomUUID().toString()), lease); // refused: taken meanwhile
        }
    }

    private JsonNode lease(Instant until, String write) {
        return JsonNodeFactory.instance.objectNode().put("holder", holder).put("until", until.toString())
                .put("write", write);
    }

    private static String name(String job) {
        return "lease-" + job;
    }

    private boolean mine(JsonNode lease) {
        return holder.equals(lease.path("holder").asText());
    }
}
