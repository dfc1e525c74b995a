package io.alertlake.ocsf;

import org.apache.avro.generic.GenericRecord;

import java.util.List;

/**
 * What one delivery becomes: OCSF findings with their partitions, and repository name records.
 *
 * @param oneLineJson whether the parse found the body to be one JSON object on one line, with nothing around it:
 *                    the raw archive then holds the body as it is instead of escaping it into a string
 *                    ({@link io.alertlake.lake.RawArchive})
 */
public record Mapped(List<Finding> findings, List<RepositoryRow> repositories, boolean oneLineJson) {

    public static final Mapped NOTHING = new Mapped(List.of(), List.of(), false);

    public Mapped(List<Finding> findings, List<RepositoryRow> repositories) {
        this(findings, repositories, false);
    }

    /** The same records, for a body found to be one JSON object on one line. */
    Mapped onOneLine() {
        return new Mapped(findings, repositories, true);
    }

    /** An OCSF finding record and its partition. */
    public record Finding(PartitionKey partition, GenericRecord record) {
    }

    /** A repository name record and the {@code day=} partition (UTC date of its time). */
    public record RepositoryRow(String day, GenericRecord record) {
    }
}
