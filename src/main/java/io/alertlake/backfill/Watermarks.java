package io.alertlake.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where reconciliation reads each alert listing from ({@link Backfiller#listingKey}): the start of the last run that
 * read that listing to its end, less {@link #OVERLAP} for alerts updated while it ran. Kept per listing, so that
 * one repository that keeps failing holds back only its own listings: the others move on with every run, instead
 * of every run reading all of them from a start that grows older. A listing with no watermark is read whole.
 */
record Watermarks(Map<String, Instant> sinceByListing) {

    static final Duration OVERLAP = Duration.ofHours(1);

    static final Watermarks NONE = new Watermarks(Map.of());

    /**
     * From {@code state/reconciliation.json}: {@code {"listings": {"<key>": "<instant>", …}}}; the form written
     * before ({@code {"since": t, "listed": [keys]}}, one start for every listing of a successful run) gives each of
     * its listings that start.
     */
    static Watermarks of(Optional<JsonNode> saved) {
        Map<String, Instant> since = new TreeMap<>();
        saved.ifPresent(json -> {
            json.path("listings").properties().forEach(e -> since.put(e.getKey(), Instant.parse(e.getValue().asText())));
            if (json.hasNonNull("since")) {
                Instant all = Instant.parse(json.get("since").asText());
                json.path("listed").forEach(key -> since.putIfAbsent(key.asText(), all));
            }
        });
        return new Watermarks(Map.copyOf(since));
    }

    /** Where to read the listing from; null: read it whole. */
    Instant since(String listingKey) {
        return sinceByListing.get(listingKey);
    }

    /** The earliest start of any listing, as a run shows it; null when there is none. */
    Instant oldest() {
        return sinceByListing.values().stream().min(Instant::compareTo).orElse(null);
    }

    /** These watermarks after a run that started at {@code startedAt} and read {@code listed} to their end. */
    Watermarks after(Instant startedAt, Iterable<String> listed) {
        Map<String, Instant> since = new TreeMap<>(sinceByListing);
        Instant from = startedAt.minus(OVERLAP);
        listed.forEach(key -> since.merge(key, from, (old, now) -> now.isAfter(old) ? now : old));
        return new Watermarks(Map.copyOf(since));
    }

    JsonNode json(String runId) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("run", runId);
        ObjectNode listings = json.putObject("listings");
        new TreeMap<>(sinceByListing).forEach((key, since) -> listings.put(key, since.toString()));
        return json;
    }
}
