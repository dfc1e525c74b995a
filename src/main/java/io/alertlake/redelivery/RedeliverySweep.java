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
import java.util.function.Supplier;

/**
 * One pass over a webhook's recent deliveries: every delivery GitHub never managed to hand over (no attempt of its
 * {@code guid} answered 2xx) is asked for again, once. GitHub does not retry failed deliveries by itself.
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

    /**
     * @param attempts   delivery attempts listed since the watermark
     * @param failed     guids with no successful attempt
     * @param requested  guids asked for again in this pass
     * @param skipped    failed guids already asked for after their last attempt, or beyond the per-run bound
     * @param errors     redelivery requests GitHub refused
     * @param requestedAt when each guid was last asked for (carried to the next pass)
     * @param oldestPending the latest attempt of the oldest failure this pass could not ask for (over the bound, or
     *                      refused by GitHub), null if none: the next pass must look back at least that far
     */
    public record Result(int attempts, int failed, List<String> requested, int skipped, int errors,
                         Map<String, Instant> requestedAt, Instant oldestPending, String stopped) {
    }

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
    public Result sweep(Instant since, Map<String, Instant> asked, int maxRequests, Instant now) {
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
        Map<String, Instant> requestedAt = new LinkedHashMap<>(asked);
        List<String> requested = new ArrayList<>();
        int failed = 0;
        int skipped = 0;
        int errors = 0;
        Instant oldestPending = null;
        int posted = 0;
        String stopped = null;
        // oldest first: GitHub forgets a delivery three days after it, so those closest to that are asked for first
        // when there are more failures than requests allowed per pass
        List<Map.Entry<String, List<Attempt>>> oldestFirst = new ArrayList<>(byGuid.entrySet());
        oldestFirst.sort(Comparator.comparing(e -> e.getValue().stream().map(Attempt::deliveredAt)
                .min(Comparator.naturalOrder()).orElseThrow()));
        for (Map.Entry<String, List<Attempt>> e : oldestFirst) {
            List<Attempt> attempts = e.getValue();
            if (attempts.stream().anyMatch(Attempt::succeeded)) {
                continue;
            }
            failed++;
            Attempt latest = attempts.stream().max((a, b) -> a.deliveredAt().compareTo(b.deliveredAt())).orElseThrow();
            Instant askedAt = asked.get(e.getKey());
            // asked already and GitHub has not tried again since: the redelivery is still on its way
            if (askedAt != null && !askedAt.isBefore(latest.deliveredAt())) {
                skipped++;
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
                requestedAt.put(e.getKey(), now);
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
        return new Result(listed[0], failed, requested, skipped, errors, requestedAt, oldestPending, stopped);
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
