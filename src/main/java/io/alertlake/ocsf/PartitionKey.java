package io.alertlake.ocsf;

import io.alertlake.lake.HivePath;

/**
 * Where a finding lives in the lake: {@code class=<class>/org=<org>/repo=<repo>/day=<YYYY-MM-DD>}, values
 * Hive-escaped. {@code day} is the UTC date of the record's event time.
 */
public record PartitionKey(String className, String org, String repo, String day) {

    /** The partition's path below {@code findings/}. */
    public String path() {
        return "class=" + HivePath.escape(className) + "/org=" + HivePath.escape(org)
                + "/repo=" + HivePath.escape(repo) + "/day=" + day;
    }
}
