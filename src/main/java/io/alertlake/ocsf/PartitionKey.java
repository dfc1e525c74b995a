package io.alertlake.ocsf;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Where a finding lives in the lake: {@code class=<class>/org=<org>/repo=<repo>/day=<YYYY-MM-DD>}, values
 * Hive-escaped. {@code day} is the UTC date of the record's event time.
 */
public record PartitionKey(String className, String org, String repo, String day) {

    /**
     * The UTC day of an instant, as used in every {@code day=} partition of the lake: ISO {@code YYYY-MM-DD}, which
     * {@link LocalDate#toString()} writes without a formatter's per-call setup (a formatter was 3 % of the mapping).
     */
    public static String dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** The names of the partition keys, in path order: what a table over {@code findings/} is partitioned by. */
    public static List<String> names() {
        return Arrays.stream(new PartitionKey("c", "o", "r", "1970-01-01").path().split("/"))
                .map(segment -> segment.substring(0, segment.indexOf('='))).toList();
    }

    /** The partition's path below {@code findings/}. */
    public String path() {
        return "class=" + HivePath.escape(className) + "/org=" + HivePath.escape(org)
                + "/repo=" + HivePath.escape(repo) + "/day=" + day;
    }
}
