package io.alertlake.ocsf;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Reads the timestamps of alert payloads. GitHub writes them as {@code 2024-05-01T12:00:00Z}; those are read
 * field by field, and anything else (an offset, a fraction of a second, an out-of-range field) goes to
 * {@link OffsetDateTime#parse}, which gives the same instant for every text the short form accepts. A mapping
 * reads three timestamps per payload, and the general ISO parser took 8 % of the consumer's mapping and Parquet
 * threads in a profile of a backlog (docs/benchmarks.md).
 */
final class GitHubTimestamps {

    private static final int LENGTH = "2024-05-01T12:00:00Z".length();

    private GitHubTimestamps() {
    }

    /** The instant {@code text} names, or null when it is blank or no ISO-8601 date-time with an offset. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant utc = utcSeconds(text);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** What {@link #parse} gives, in epoch ms (the records' times); null likewise. */
    static Long epochMillis(String text) {
        Instant t = parse(text);
        return t == null ? null : t.toEpochMilli();
    }

    /** {@code yyyy-MM-ddTHH:mm:ssZ} with every field in range, else null (left to the general parser). */
    static Instant utcSeconds(String t) {
        if (t.length() != LENGTH || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        LocalDate date = LocalDate.of(year, month, 1);
        if (day > date.lengthOfMonth()) {
            return null;
        }
        long epochDay = date.toEpochDay() + day - 1;
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second);
    }

    /** The number written by {@code count} ASCII digits from {@code from}, or -1. */
    private static int digits(String t, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
