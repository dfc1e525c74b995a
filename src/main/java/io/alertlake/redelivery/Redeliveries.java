package io.alertlake.redelivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.github.GitHub;
import io.alertlake.github.GitHubApp;
import io.alertlake.jobs.JobLeases;
import io.alertlake.lake.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sweeps the App's webhook, and any org webhooks configured in {@code alertlake.github.org-hooks}, for deliveries
 * that never reached us, and asks GitHub to send them again. Each hook keeps a watermark and the guids it asked
 * for in {@code state/}, so a pass looks only at new attempts and never asks twice for the same failure.
 */
@Singleton
public class Redeliveries {

    private static final Logger LOG = Logger.getLogger(Redeliveries.class);
    /** GitHub lists deliveries of the last three days only. */
    static final Duration WINDOW = Duration.ofDays(3);
    /** Attempts still in flight when a pass runs are looked at again by the next one. */
    static final Duration OVERLAP = Duration.ofHours(1);

    /** The outcome for one hook, as {@code POST /admin/redeliver} shows it. */
    @RegisterForReflection // a Response entity: Quarkus cannot see its type at build time
    public record HookResult(String hook, Instant since, int attempts, int failed, List<String> requested, int skipped,
                             int abandoned, int errors, String error) {
    }

    /** The job lease that picks the task running the scheduled sweep ({@link JobLeases}). */
    public static final String LEASE = "redelivery";
    /**
     * The lease a pass holds while it runs, scheduled or asked for by an operator on any task: two passes at once
     * would ask twice for the same guids and each overwrite what the other asked for in {@code state/}. Given up
     * when the pass ends; a task that dies in a pass delays the next ones this long at most, well within the three
     * days GitHub keeps deliveries. Longer than a pass can take: rate-limit waits end it past
     * {@code max-rate-limit-wait}.
     */
    public static final String PASS_LEASE = "redelivery-pass";
    static final Duration PASS_LEASE_LASTING = Duration.ofHours(3);

    private final GitHub github;
    private final StateStore state;
    private final MeterRegistry meters;
    private final JobLeases leases;
    private final AlertlakeConfig.Github config;
    private final Clock clock = Clock.systemUTC();
    private final ReentrantLock passHere = new ReentrantLock();

    Redeliveries(GitHub github, StateStore state, MeterRegistry meters, JobLeases leases, AlertlakeConfig config) {
        this.github = github;
        this.state = state;
        this.meters = meters;
        this.leases = leases;
        this.config = config.github();
    }

    /**
     * A sweep now, unless a pass is running on this or another task (empty then). A task's lease is its own to
     * renew, so a pass already running here is told by the lock, before the lease.
     */
    public Optional<List<HookResult>> sweepAlone() {
        github.require(); // no App: say so before taking a lease
        if (!passHere.tryLock()) {
            return Optional.empty();
        }
        try {
            if (!leases.hold(PASS_LEASE, PASS_LEASE_LASTING)) {
                return Optional.empty();
            }
            try {
                return Optional.of(sweep());
            } finally {
                try {
                    leases.release(PASS_LEASE);
                } catch (RuntimeException e) { // the pass is done: its outcome stands; this task renews the lease next
                    LOG.warnf("the redelivery pass lease could not be given up (it lapses within %s): %s",
                            PASS_LEASE_LASTING, e.getMessage());
                }
            }
        } finally {
            passHere.unlock();
        }
    }

    /** One pass over every configured hook; a hook that fails does not stop the others. */
    public synchronized List<HookResult> sweep() {
        GitHubApp app = github.require();
        List<HookResult> out = new ArrayList<>();
        out.add(sweep(app, "/app/hook", "redelivery-app", app::appToken));
        for (String entry : config.orgHooks().orElse(List.of())) {
            if (entry.isBlank()) {
                continue; // a trailing comma
            }
            OrgHook hook = OrgHook.parse(entry);
            if (hook == null) {
                out.add(new HookResult(entry, null, 0, 0, List.of(), 0, 0, 0,
                        "alertlake.github.org-hooks entries look like org/hook-id (the hook id is a number)"));
                continue;
            }
            // the installation is looked up once a pass; its token (cached, renewed before expiry) on every call
            Supplier<String> token = app.tokenFor(() -> app.installations(hook.org()).stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("the App is not installed on " + hook.org()
                            + ", or it is suspended or outside alertlake.github.orgs")),
                    GitHubApp.Use.REDELIVER_ORG_HOOK);
            out.add(sweep(app, "/orgs/" + hook.org() + "/hooks/" + hook.id(),
                    "redelivery-org-" + hook.org() + "-" + hook.id(), token));
        }
        return out;
    }

    /**
     * Where the next pass starts: an hour back (attempts still in flight), or further back to the oldest failure
     * this pass could not ask for, which would otherwise fall behind the watermark and never be asked for.
     */
    static Instant nextSince(Instant now, Instant oldestPending) {
        Instant since = now.minus(OVERLAP);
        return oldestPending != null && oldestPending.isBefore(since) ? oldestPending : since;
    }

    /**
     * The guids asked for, from a hook's state: {@code asked} (guid: when last) and {@code asks} (guid: how many
     * times). State written before the count was kept has no {@code asks}: each guid in it was asked for once.
     */
    static Map<String, RedeliverySweep.Ask> asked(JsonNode saved) {
        Map<String, RedeliverySweep.Ask> asked = new LinkedHashMap<>();
        JsonNode times = saved.path("asks");
        saved.path("asked").properties().forEach(e -> asked.put(e.getKey(), new RedeliverySweep.Ask(
                Instant.parse(e.getValue().asText()), Math.max(1, times.path(e.getKey()).asInt(1)))));
        return asked;
    }

    /**
     * Writes the guids asked for after {@code forget} into a hook's state. The count goes beside the times rather
     * than into them: a version without it (a rollback) still reads {@code asked} as it wrote it.
     */
    static void keepAsked(ObjectNode next, Map<String, RedeliverySweep.Ask> asked, Instant forget) {
        ObjectNode at = next.putObject("asked");
        ObjectNode times = next.putObject("asks");
        asked.forEach((guid, ask) -> {
            if (ask.at().isAfter(forget)) {
                at.put(guid, ask.at().toString());
                times.put(guid, ask.times());
            }
        });
    }

    private HookResult sweep(GitHubApp app, String hook, String stateName, Supplier<String> token) {
        Instant now = clock.instant();
        JsonNode saved = state.read(stateName).orElse(JsonNodeFactory.instance.objectNode());
        Instant since = now.minus(WINDOW);
        String savedSince = saved.path("since").asText(null);
        if (savedSince != null && Instant.parse(savedSince).isAfter(since)) {
            since = Instant.parse(savedSince);
        }
        Map<String, RedeliverySweep.Ask> asked = asked(saved);
        try {
            RedeliverySweep.Result r = new RedeliverySweep(app.api(), token, hook, d -> Thread.sleep(d))
                    .sweep(since, asked, config.redeliverMaxPerRun(), now);
            ObjectNode next = JsonNodeFactory.instance.objectNode()
                    .put("since", nextSince(now, r.oldestPending()).toString());
            keepAsked(next, r.requestedAt(), now.minus(WINDOW));
            state.write(stateName, next);
            meters.counter("alertlake_redelivery_requested", "hook", hook).increment(r.requested().size());
            meters.counter("alertlake_redelivery_errors", "hook", hook).increment(r.errors());
            if (r.failed() > 0) {
                LOG.infof("%s: %d deliveries failed since %s; asked GitHub to redeliver %d (%d already asked or over "
                        + "the limit, %d given up, %d refused)", hook, r.failed(), since, r.requested().size(),
                        r.skipped(), r.abandoned(), r.errors());
            }
            if (r.stopped() != null) {
                LOG.warnf("redelivery sweep of %s %s", hook, r.stopped());
            }
            return new HookResult(hook, since, r.attempts(), r.failed(), r.requested(), r.skipped(), r.abandoned(),
                    r.errors(), r.stopped());
        } catch (RuntimeException e) {
            meters.counter("alertlake_redelivery_errors", "hook", hook).increment();
            LOG.warnf("redelivery sweep of %s failed: %s", hook, e.getMessage());
            return new HookResult(hook, since, 0, 0, List.of(), 0, 0, 0, e.getMessage());
        }
    }

    /** An entry of {@code alertlake.github.org-hooks}: an org's login and one of its webhooks' id. */
    record OrgHook(String org, String id) {

        /** GitHub's logins are letters, digits and inner dashes; spaces around the parts are no part of them. */
        private static final Pattern ENTRY =
                Pattern.compile("\\s*([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\\s*/\\s*([0-9]+)\\s*");

        /**
         * The entry as {@code org/hook-id} (a list written {@code a/1, b/2} keeps the space before {@code b}); null
         * if it is not one.
         */
        static OrgHook parse(String entry) {
            Matcher m = ENTRY.matcher(entry);
            return m.matches() ? new OrgHook(m.group(1), m.group(2)) : null;
        }
    }
}
