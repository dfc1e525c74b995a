package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.lake.LakePaths;
import io.alertlake.ocsf.PartitionKey;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds new partitions to the Glue tables Terraform created, reusing each table's storage descriptor with the
 * partition's location. "Already exists" is success, so a redelivered batch is harmless.
 */
public class GluePartitions implements PartitionRegistry {

    private static final Logger LOG = Logger.getLogger(GluePartitions.class);

    private final GlueClient glue;
    private final String database;
    private final String bucket;
    /** Partitions known to exist, so steady traffic costs no Glue calls. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, StorageDescriptor> tableDescriptors = new ConcurrentHashMap<>();

    public GluePartitions(GlueClient glue, AlertlakeConfig config) {
        this.glue = glue;
        this.database = config.athena().database();
        this.bucket = config.lake().bucket();
    }

    @Override
    public void register(Set<PartitionKey> findings, Set<String> repositoryDays) {
        List<PartitionInput> newFindings = new ArrayList<>();
        for (PartitionKey p : findings) {
            if (!known.contains("findings/" + p.path())) {
                newFindings.add(input("findings", LakePaths.FINDINGS + p.path(),
                        List.of(p.className(), p.org(), p.repo(), p.day())));
            }
        }
        List<PartitionInput> newRepositories = new ArrayList<>();
        for (String day : repositoryDays) {
            if (!known.contains("repositories/day=" + day)) {
                newRepositories.add(input("repositories", LakePaths.REPOSITORIES + "day=" + day, List.of(day)));
            }
        }
        create("findings", newFindings);
        create("repositories", newRepositories);
        findings.forEach(p -> known.add("findings/" + p.path()));
        repositoryDays.forEach(d -> known.add("repositories/day=" + d));
    }

    private PartitionInput input(String table, String prefix, List<String> values) {
        StorageDescriptor sd = tableDescriptors.computeIfAbsent(table, t ->
                glue.getTable(r -> r.databaseName(database).name(t)).table().storageDescriptor());
        return PartitionInput.builder().values(values)
                .storageDescriptor(sd.toBuilder().location("s3://" + bucket + "/" + prefix + "/").build())
                .build();
    }

    private void create(String table, List<PartitionInput> inputs) {
        for (int i = 0; i < inputs.size(); i += 100) {
            List<PartitionInput> chunk = inputs.subList(i, Math.min(i + 100, inputs.size()));
            var response = glue.batchCreatePartition(r -> r.databaseName(database).tableName(table)
                    .partitionInputList(chunk));
            for (PartitionError e : response.errors()) {
                if (!"AlreadyExistsException".equals(e.errorDetail().errorCode())) {
                    throw new IllegalStateException("Glue refused partition " + e.partitionValues() + " of "
                            + table + ": " + e.errorDetail().errorMessage());
                }
            }
            LOG.debugf("registered %d partitions of %s", chunk.size(), table);
        }
    }
}
