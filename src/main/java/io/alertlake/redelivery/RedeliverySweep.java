package io.alertlake.redelivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.github.GitHubApi;
import io.alertlake.github.GitHubException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One pass over a webhook's recent deliveries: every delivery GitHub never managed to hand over (no attempt of its
 * {@code guid} answered 2xx) is asked for again, once per failed attempt, at most {@value #MAX_ASKS} times, each
 * ask waiting longer after the one before ({@link #BACKOFF}). GitHub does not retry failed deliveries by itself.
 *
 * <p>{@code hook} is {@code /app/hook} for the App's webhook or {@code /orgs/ORG/hooks/ID} for an org webhook;
 * the deliveries of both are listed newest first with cursor pagination.
 */
public final class RedeliverySweep {

    /** One attempt GitHub made to deliver an event. */
    record Attempt(long id, String guid, Instant deliveredAt, int statusCode) {
        boolean succeeded() {
            return statusCode >= 200 && statusCode < 300;
        }
    }

    /** When a guid was last asked for, and how many times it has been. */
    public record Ask(Instant at, int times) {
    }

    /**
     * @param attempts   delivery attempts listed since the watermark
     * @param failed     guids with no successful attempt
     * @param requested  guids asked for again in this pass
     * @param skipped    failed guids already asked for after their last attempt, waiting for their next ask, or
     *                   beyond the per-run bound (or after a rate limit ended the pass)
     * @param errors     redelivery requests GitHub refused
     * @param requestedAt when each guid was last asked for, and how often (carried to the next pass)
     * @param abandoned  failed guids not asked for any more: asked {@value #MAX_ASKS} times, or refused by our
     *                   ingest for what they are ({@link #PERMANENT})
     * @param stopped    why the pass ended before asking for every failure it could, or null
     * @param oldestPending the latest attempt of the oldest failure this pass could not ask for (over the bound, or
     *                      refused by GitHub), null if none: the next pass must look back at least that far
     */
    public record Result(int attempts, int failed, List<String> requested, int skipped, int errors,
                         Map<String, Ask> requestedAt, Instant oldestPending, String stopped, int abandoned) {
    }

    /**
     * How long after its first, second, third and fourth ask a guid waits before the next. Each redelivery that fails
     * is a newer attempt, so a delivery that always fails would be asked for on every pass and crowd newer failures
     * out of {@code redeliver-max-per-run}; asks an hour apart would all fall inside one outage (a stale allow-list,
     * a wrong secret, SQS down: every delivery refused for hours) and give up on deliveries GitHub keeps for three
     * days. Spread so, the fifth ask comes some 55 hours after the first: an outage of two days is outlived.
     */
    static final List<Duration> BACKOFF = List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24),
            Duration.ofHours(24));
    /** Asks per guid at most; after them GitHub's UI can still redeliver it. */
    static final int MAX_ASKS = 5;
    /**
     * Answers of our ingest (and the HTTP layer before it) to the request itself — malformed (400), too large (413),
     * length, URI or headers refused (411, 414, 431), a media type or content it does not take (415, 422): a
     * redelivery is the same request and is refused the same way. 401 (the secret may have been fixed since), 403
     * (the allow-list), 404 (the hook's address), 408, 429 and 5xx can go through later.
     */
    static final Set<Integer> PERMANENT = Set.of(400, 411, 413, 414, 415, 422, 431);

    /** GitHub's REST best practices: at least a second between mutating requests. */
    static final Duration SPACING = Duration.ofSeconds(1);

    private final GitHubApi api;
    private final Supplier<String> token;
    private final String hook;
    private final GitHubApi.Sleeper sleeper;

    /** @param sleeper spaces the redelivery requests; tests replace it */
    public RedeliverySweep(GitHubApi api, Supplier<String> token, String hook, GitHubApi.Sleeper sleeper) {
        this.api = api;
        this.token = token;
        this.hook = hook;
        this.sleeper = sleeper;
    }

    /**
     * @param since      oldest delivery time to look at (GitHub keeps three days)
     * @param asked      when each guid was last asked for, from earlier passes
     * @param maxRequests at most this many redeliveries
     */
    public Result sweep(Instant since, Map<String, Ask> asked, int maxRequests, Instant now) {
        Map<String, List<Attempt>> byGuid = new LinkedHashMap<>();
        int[] listed = {0};
        api.pages(hook + "/deliveries?per_page=100", token, page -> {
            for (JsonNode d : page.json()) {
                Instant at = Instant.parse(d.path("delivered_at").asText());
                if (at.isBefore(since)) {
                    return false; // newest first: the rest is older
                }
                listed[0]++;
                byGuid.computeIfAbsent(d.path("guid").asText(), g -> new ArrayList<>())
                        .add(new Attempt(d.path("id").asLong(), d.path("guid").asText(), at, d.path("status_code").asInt()));
            }
            return true;
        });
        Map<String, Ask> requestedAt = new LinkedHashMap<>(asked);
        List<String> requested = new ArrayList<>();
        int failed = 0;
        int skipped = 0;
        int errors = 0;
        int abandoned = 0;
        Instant oldestPending = null;
        int posted = 0;
        String stopped = null;
        // those asked for least first (never, before those GitHub redelivered and failed again), then oldest first:
        // GitHub forgets a delivery three days after it, so those closest to that are asked for first when there
        // are more failures than requests allowed per pass
        List<Map.Entry<String, List<Attempt>>> ranked = new ArrayList<>(byGuid.entrySet());
        ranked.sort(Comparator.<Map.Entry<String, List<Attempt>>>comparingInt(e -> times(asked.get(e.getKey())))
                .thenComparing(e -> e.getValue().stream().map(Attempt::deliveredAt)
                        .min(Comparator.naturalOrder()).orElseThrow()));
        for (Map.Entry<String, List<Attempt>> e : ranked) {
            List<Attempt> attempts = e.getValue();
            if (attempts.stream().anyMatch(Attempt::succeeded)) {
                continue;
            }
            failed++;
            Attempt latest = attempts.stream().max((a, b) -> a.deliveredAt().compareTo(b.deliveredAt())).orElseThrow();
            Ask before = asked.get(e.getKey());
            // asked already and GitHub has not tried again since: the redelivery is still on its way
            if (before != null && !before.at().isBefore(latest.deliveredAt())) {
                skipped++;
                continue;
            }
            if (times(before) >= MAX_ASKS || PERMANENT.contains(latest.statusCode())) {
                abandoned++;
                continue;
            }
            if (before != null && now.isBefore(before.at().plus(BACKOFF.get(before.times() - 1)))) {
                skipped++; // its next ask comes later; the next passes must still look back for it
                oldestPending = earlier(oldestPending, latest.deliveredAt());
                continue;
            }
            if (requested.size() >= maxRequests || stopped != null) {
                skipped++;
                oldestPending = earlier(oldestPending, latest.deliveredAt());
                continue;
            }
            if (posted++ > 0 && !pause()) {
                stopped = "stopped: interrupted";
                skipped++;
                oldestPending = earlier(oldestPending, latest.deliveredAt());
                continue;
            }
            try {
                api.post(hook + "/deliveries/" + latest.id() + "/attempts", token, null);
                requested.add(e.getKey());
                requestedAt.put(e.getKey(), new Ask(now, times(before) + 1));
            } catch (GitHubException.RateLimited ex) {
                // every further request would be refused too, and GitHub may block an integration that keeps asking
                errors++;
                oldestPending = earlier(oldestPending, latest.deliveredAt());
                stopped = "stopped: " + ex.getMessage();
            } catch (GitHubException ex) {
                errors++;
                oldestPending = earlier(oldestPending, latest.deliveredAt());
            }
        }
        return new Result(listed[0], failed, requested, skipped, errors, requestedAt, oldestPending, stopped, abandoned);
    }

    private static int times(Ask ask) {
        return ask == null ? 0 : ask.times();
    }

    /** Waits {@link #SPACING}; false when interrupted. */
    private boolean pause() {
        try {
            sleeper.sleep(SPACING);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
