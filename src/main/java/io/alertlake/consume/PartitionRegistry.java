package io.alertlake.consume;

import io.alertlake.ocsf.PartitionKey;

import java.util.Set;

/** Makes new partitions visible to the query engine's catalog (Glue in aws mode; nothing to do locally). */
public interface PartitionRegistry {

    /** Registers the partitions; must be idempotent, as a redelivered batch registers them again. */
    void register(Set<PartitionKey> findings, Set<String> repositoryDays);
}
