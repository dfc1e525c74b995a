package io.alertlake.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.delivery.Delivery;
import io.alertlake.github.GitHubApp;
import io.alertlake.github.GitHubException;
import io.alertlake.ocsf.AlertType;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Lists every alert of every repository the App can see and queues the events that describe each alert's state
 * ({@link AlertEvents}). A full run reads everything; an incremental run ({@code since} set) reads each listing
 * newest-updated first and stops at {@code since}. A repository without a feature (403/404/422) is noted and
 * skipped; other failures are errors of the run.
 */
public final class Backfiller {

    private static final Logger LOG = Logger.getLogger(Backfiller.class);
    private static final int ENQUEUE_ATTEMPTS = 3;
    /** What GitHub answers for a listing the repository does not offer: no access, feature off, no analysis. */
    private static final java.util.Set<Integer> FEATURE_OFF = java.util.Set.of(403, 404, 410, 422, 451);

    /** The times of an alert's changes, any of which may be its latest. */
    private static final List<String> CHANGED_AT = List.of("updated_at", "created_at", "fixed_at", "dismissed_at",
            "auto_dismissed_at", "resolved_at");

    private final GitHubApp app;
    private final List<Listing> listings;
    private final Function<Delivery, CompletionStage<Void>> queue;
    private final Clock clock;

    /**
     * @param optInSecretTypes secret types GitHub's secret scanning listing returns only when asked for by name
     *                         (non-provider patterns, passwords): read in a listing of their own; none when empty
     *                         or {@code none}
     */
    public Backfiller(GitHubApp app, List<String> optInSecretTypes, Function<Delivery, CompletionStage<Void>> queue,
                      Clock clock) {
        this.app = app;
        this.listings = Listing.all(optInSecretTypes);
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * One alert listing of a repository: its path below {@code /repos/{owner}/{repo}/} and its name among the
     * listings a reconciliation remembers ({@link #listingKey}).
     */
    record Listing(AlertType type, String path, String name) {

        /**
         * The listing of each alert type, and one for the opt-in secret types when there are any
         * ({@code alertlake.github.opt-in-secret-types}; {@code none} names none).
         */
        static List<Listing> all(List<String> optInSecretTypes) {
            List<Listing> all = new ArrayList<>();
            for (AlertType type : AlertType.values()) {
                all.add(new Listing(type, switch (type) {
                    case CODE_SCANNING -> "code-scanning/alerts?per_page=100";
                    case DEPENDABOT -> "dependabot/alerts?per_page=100";
                    case SECRET_SCANNING -> SECRET_SCANNING_LISTING;
                }, type.wire()));
            }
            List<String> types = optInSecretTypes.stream().map(String::strip)
                    .filter(t -> !t.isEmpty() && !t.equalsIgnoreCase("none")).sorted().distinct().toList();
            if (!types.isEmpty()) {
                String joined = String.join(",", types);
                // named after the types asked for: another list is another listing, read whole once
                all.add(new Listing(AlertType.SECRET_SCANNING, SECRET_SCANNING_LISTING + "&secret_type="
                        + URLEncoder.encode(joined, StandardCharsets.UTF_8).replace("%2C", ","),
                        AlertType.SECRET_SCANNING.wire() + "/secret_type=" + Integer.toHexString(joined.hashCode())));
            }
            return List.copyOf(all);
        }
    }

    private static final String SECRET_SCANNING_LISTING = "secret-scanning/alerts?per_page=100&hide_secret=true";

    /**
     * Runs to the end, recording progress in {@code run}; the run fails when any installation or repository had an
     * error. An installation that fails (its token refused, its rate limit spent) is left for the next run; the
     * others are still read. Each listing is read from the time {@code since} gives for its key
     * ({@link #listingKey}); a listing it gives none for — a repository added to an installation, an installation
     * that is new, a listing GitHub did not offer before — is read whole, so its older alerts are not missed.
     */
    public void run(BackfillRun run, String org, Function<String, Instant> since) {
        try {
            for (GitHubApp.Installation installation : app.installations(org)) {
                run.installations.incrementAndGet();
                try {
                    installation(run, installation, since);
                } catch (TakenOver | Cancelled e) {
                    throw e; // the whole run stops
                } catch (RuntimeException e) {
                    int status = e instanceof GitHubException g ? g.status() : 0;
                    run.error(new BackfillRun.Problem(installation.account(), null, status, e.getMessage()));
                    LOG.warnf("%s %s: stopped reading the installation on %s: %s", run.kind(), run.id(),
                            installation.account(), e.getMessage());
                }
            }
            run.finish(run.errorCount() == 0 ? BackfillRun.Status.SUCCEEDED : BackfillRun.Status.FAILED, clock.instant());
        } catch (Cancelled e) { // what was read stays read: its listings' watermarks move
            run.finish(BackfillRun.Status.CANCELLED, clock.instant());
        } catch (RuntimeException e) {
            run.error(new BackfillRun.Problem(null, null, e instanceof GitHubException g ? g.status() : 0, e.getMessage()));
            run.finish(BackfillRun.Status.FAILED, clock.instant());
            LOG.errorf("%s %s failed: %s", run.kind(), run.id(), e.getMessage());
        }
    }

    /** An operator cancelled the run: it stops before its next listing. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** Another task took the run's lease (this one could not renew it) and runs one of its own: this one stops. */
    private static final class TakenOver extends RuntimeException {
        TakenOver() {
            super("another task took over this run's lease (this one could not renew it); stopped", null, false, false);
        }
    }

    /**
     * Every repository of one installation, those read least recently first (a listing never read counts as the
     * oldest): a rate limit that ends the reading part-way through a large installation leaves the rest to the next
     * run, which then starts with them instead of stopping at the same place every day. The installation's token
     * is asked for page by page.
     */
    private void installation(BackfillRun run, GitHubApp.Installation installation, Function<String, Instant> since) {
        List<JsonNode> repositories = new ArrayList<>();
        var token = app.tokenFor(installation, GitHubApp.Use.READ_ALERTS);
        app.api().pages("/installation/repositories?per_page=100", token, page -> {
            page.json().path("repositories").forEach(repositories::add);
            return true;
        });
        repositories.sort(Comparator.comparing((JsonNode r) -> leastRecentlyRead(r, since),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        for (JsonNode repository : repositories) {
            run.repositories.incrementAndGet();
            for (Listing listing : listings) {
                if (run.stops().takenOver()) {
                    throw new TakenOver();
                }
                if (run.stops().cancelled()) {
                    throw new Cancelled();
                }
                String key = listingKey(repository, listing);
                if (listing(run, installation, repository, listing, since.apply(key))) {
                    run.listed(key);
                }
            }
        }
    }

    /** The oldest watermark of a repository's listings; null when one of them was never read to its end. */
    private Instant leastRecentlyRead(JsonNode repository, Function<String, Instant> since) {
        Instant oldest = Instant.MAX;
        for (Listing listing : listings) {
            Instant s = since.apply(listingKey(repository, listing));
            if (s == null) {
                return null;
            }
            oldest = s.isBefore(oldest) ? s : oldest;
        }
        return oldest;
    }

    /**
     * One alert listing. A listing the repository does not offer is noted; another failure is an error of the run;
     * a rate limit ends the installation's reading (each of its listings would only be refused again, and GitHub
     * may ban an integration that keeps asking while limited).
     */
    private boolean listing(BackfillRun run, GitHubApp.Installation installation, JsonNode repository,
                            Listing listing, Instant since) {
        AlertType type = listing.type();
        String fullName = repository.path("full_name").asText();
        String path = "/repos/" + fullName + "/" + listing.path()
                + (since == null ? "" : "&sort=updated&direction=desc");
        try {
            app.api().pages(path, app.tokenFor(installation, GitHubApp.Use.READ_ALERTS), page -> {
                List<Delivery> events = new ArrayList<>();
                boolean more = true;
                for (JsonNode alert : page.json()) {
                    if (since != null && updatedBefore(alert, since)) {
                        more = false; // sorted by update, newest first: everything after this is older still
                        break;
                    }
                    run.alertsSeen.incrementAndGet();
                    events.addAll(AlertEvents.of(type, alert, repository, installation.id(), clock.instant()));
                }
                enqueue(events);
                run.eventsEnqueued.addAndGet(events.size());
                return more;
            });
            return true;
        } catch (GitHubException.RateLimited e) {
            throw e;
        } catch (GitHubException e) {
            BackfillRun.Problem p = new BackfillRun.Problem(fullName, type.wire(), e.status(), e.getMessage());
            if (FEATURE_OFF.contains(e.status())) {
                run.unavailable(p);
                LOG.debugf("%s alerts unavailable for %s: %s", type.wire(), fullName, e.getMessage());
            } else {
                run.error(p);
                LOG.warnf("listing %s alerts of %s failed: %s", type.wire(), fullName, e.getMessage());
            }
            return false;
        }
    }

    /** What identifies a listing across runs: the repository's id (names change) and the listing's name. */
    static String listingKey(JsonNode repository, Listing listing) {
        return repository.path("id").asLong() + "/" + listing.name();
    }

    /** The alert's last change is before {@code since}; changes are also read from the close times, which some
     * listings carry without {@code updated_at} (GitHub's code and secret scanning examples have none). */
    static boolean updatedBefore(JsonNode alert, Instant since) {
        Instant latest = null;
        for (String field : CHANGED_AT) {
            String at = alert.path(field).asText(null);
            if (at != null && !at.isEmpty()) {
                Instant t = Instant.parse(at);
                latest = latest == null || t.isAfter(latest) ? t : latest;
            }
        }
        return latest != null && latest.isBefore(since);
    }

    /** Queues a page's events concurrently (the queue batches them); retries what did not make it. */
    private void enqueue(List<Delivery> events) {
        List<Delivery> pending = events;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<CompletableFuture<Void>> sends = pending.stream()
                    .map(d -> queue.apply(d).toCompletableFuture()).toList();
            List<Delivery> failed = new ArrayList<>();
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).join();
                } catch (RuntimeException e) {
                    failed.add(pending.get(i));
                }
            }
            if (!failed.isEmpty() && attempt >= ENQUEUE_ATTEMPTS) {
                throw new GitHubException(0, failed.size() + " events could not be queued (is the queue reachable?)");
            }
            pending = failed;
        }
    }
}
