package io.alertlake.consume;

import org.apache.avro.generic.GenericRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The repository names this consumer has written to the {@code repositories} table lately. Every delivery names
 * its repository, but the table only needs a row when a repository is seen under a new name or org, or has not
 * been written for a day: the {@code repository_names} view keeps the newest row per id and
 * {@code partition_orgs.sql} every org a repository was seen in, and both hold with one row per repository and
 * name a day, where one row per delivery made a file per flush. Rows of {@code repository} events (renames,
 * transfers) are always kept. Remembered only after a flush wrote them, so a failed flush loses nothing.
 */
final class RecentRepositories {

    /** A repository already written is written again after this long, at the latest. */
    static final Duration REWRITE_AFTER = Duration.ofDays(1);
    private static final int MAX_REMEMBERED = 100_000;

    private record Written(String org, String repo, long receivedMs) {
    }

    private final Map<Long, Written> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Written> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    /**
     * The rows a flush has to write, by day: those of repository events, and for the rest the newest row of
     * each repository and name in the batch, unless that name was written less than a day earlier.
     */
    synchronized Map<String, List<GenericRecord>> toWrite(Map<String, List<GenericRecord>> byDay) {
        Map<String, List<GenericRecord>> out = new HashMap<>();
        for (var day : byDay.entrySet()) {
            Map<List<Object>, GenericRecord> newest = new LinkedHashMap<>();
            List<GenericRecord> kept = new ArrayList<>();
            for (GenericRecord r : day.getValue()) {
                if ("repository".equals(String.valueOf(r.get("event")))) {
                    kept.add(r);
                } else if (!recentlyWritten(r)) {
                    newest.merge(List.of(id(r), String.valueOf(r.get("org")), String.valueOf(r.get("repo"))), r,
                            (a, b) -> receivedMs(b) > receivedMs(a) ? b : a);
                }
            }
            kept.addAll(newest.values());
            if (!kept.isEmpty()) {
                out.put(day.getKey(), kept);
            }
        }
        return out;
    }

    /** Remembers rows a flush has written. */
    synchronized void wrote(Map<String, List<GenericRecord>> byDay) {
        for (List<GenericRecord> rows : byDay.values()) {
            for (GenericRecord r : rows) {
                Written before = written.get(id(r));
                if (before == null || receivedMs(r) >= before.receivedMs()) {
                    written.put(id(r), new Written(String.valueOf(r.get("org")), String.valueOf(r.get("repo")),
                            receivedMs(r)));
                }
            }
        }
    }

    private boolean recentlyWritten(GenericRecord r) {
        Written w = written.get(id(r));
        return w != null && Objects.equals(w.org(), String.valueOf(r.get("org")))
                && Objects.equals(w.repo(), String.valueOf(r.get("repo")))
                && receivedMs(r) - w.receivedMs() < REWRITE_AFTER.toMillis();
    }

    private static long id(GenericRecord r) {
        return ((Number) r.get("repository_id")).longValue();
    }

    private static long receivedMs(GenericRecord r) {
        return ((Number) r.get("received_time")).longValue();
    }
}
