package io.alertlake.ocsf;

import org.apache.avro.generic.GenericRecord;

import java.util.List;

/** What one delivery becomes: OCSF findings with their partitions, and repository name records. */
public record Mapped(List<Finding> findings, List<RepositoryRow> repositories) {

    public static final Mapped NOTHING = new Mapped(List.of(), List.of());

    /** An OCSF finding record and its partition. */
    public record Finding(PartitionKey partition, GenericRecord record) {
    }

    /** A repository name record and the {@code day=} partition (UTC date of its time). */
    public record RepositoryRow(String day, GenericRecord record) {
    }
}
