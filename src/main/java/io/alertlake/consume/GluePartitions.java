package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.lake.LakePaths;
import io.alertlake.ocsf.PartitionKey;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds new partitions to the Glue tables Terraform created, reusing each table's storage descriptor with the
 * partition's location. "Already exists" is success, so a redelivered batch is harmless.
 *
 * <p>The partitions registered lately are remembered, so steady traffic costs no Glue calls, but only for
 * {@link #REMEMBER_FOR} and at most {@link #MAX_REMEMBERED} of them: a consumer that runs for months names a new
 * partition per repository and day, and a table that was dropped and created again (a {@code terraform apply}
 * replacing it) has lost its partitions, which a consumer sure of them forever would never add back. The tables'
 * storage descriptors are read again after the same time, so a change Terraform makes to a table reaches the
 * partitions added after it.
 */
public class GluePartitions implements PartitionRegistry {

    private static final Logger LOG = Logger.getLogger(GluePartitions.class);

    /** How long a partition registered (or found to exist) is taken to exist without asking Glue again. */
    static final Duration REMEMBER_FOR = Duration.ofHours(1);
    /** Partitions remembered at most (the least recently registered are forgotten first). */
    static final int MAX_REMEMBERED = 100_000;
    /** Glue's limit of partitions in one BatchCreatePartition. */
    static final int PER_CALL = 100;

    private final GlueClient glue;
    private final String database;
    private final String bucket;
    private final Clock clock;
    private final int maxRemembered;
    /** Partition ("table/path") → when it was last registered; least recently registered first. */
    private final Map<String, Instant> registered;
    private final Map<String, Described> descriptors = new HashMap<>();

    private record Described(StorageDescriptor descriptor, Instant readAt) {
    }

    public GluePartitions(GlueClient glue, AlertlakeConfig config) {
        this(glue, config.athena().database(), config.lake().bucket(), Clock.systemUTC(), MAX_REMEMBERED);
    }

    GluePartitions(GlueClient glue, String database, String bucket, Clock clock, int maxRemembered) {
        this.glue = glue;
        this.database = database;
        this.bucket = bucket;
        this.clock = clock;
        this.maxRemembered = maxRemembered;
        this.registered = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > GluePartitions.this.maxRemembered;
            }
        };
    }

    @Override
    public void register(Set<PartitionKey> findings, Set<String> repositoryDays) {
        Instant now = clock.instant();
        Map<String, List<String>> newFindings = new LinkedHashMap<>();
        for (PartitionKey p : findings) {
            newFindings.put(LakePaths.FINDINGS + p.path(), List.of(p.className(), p.org(), p.repo(), p.day()));
        }
        Map<String, List<String>> newRepositories = new LinkedHashMap<>();
        for (String day : repositoryDays) {
            newRepositories.put(LakePaths.REPOSITORIES + "day=" + day, List.of(day));
        }
        synchronized (registered) {
            newFindings.keySet().removeIf(path -> isRemembered(path, now));
            newRepositories.keySet().removeIf(path -> isRemembered(path, now));
        }
        // Glue is called outside the lock: a replay and the consumer's flush may register at the same time
        create("findings", newFindings, now);
        create("repositories", newRepositories, now);
        synchronized (registered) {
            for (String path : newFindings.keySet()) {
                remember(path, now);
            }
            for (String path : newRepositories.keySet()) {
                remember(path, now);
            }
        }
    }

    private boolean isRemembered(String path, Instant now) {
        Instant at = registered.get(path);
        return at != null && at.plus(REMEMBER_FOR).isAfter(now);
    }

    private void remember(String path, Instant now) {
        registered.remove(path); // re-inserted last: the order is that of registration
        registered.put(path, now);
    }

    private void create(String table, Map<String, List<String>> partitions, Instant now) {
        if (partitions.isEmpty()) {
            return;
        }
        List<PartitionInput> inputs = new ArrayList<>(partitions.size());
        StorageDescriptor descriptor = descriptor(table, now);
        partitions.forEach((path, values) -> inputs.add(PartitionInput.builder().values(values)
                .storageDescriptor(descriptor.toBuilder().location("s3://" + bucket + "/" + path + "/").build())
                .build()));
        for (int i = 0; i < inputs.size(); i += PER_CALL) {
            List<PartitionInput> chunk = inputs.subList(i, Math.min(i + PER_CALL, inputs.size()));
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

    /** The table's storage descriptor, read from Glue again once it is older than {@link #REMEMBER_FOR}. */
    private StorageDescriptor descriptor(String table, Instant now) {
        synchronized (descriptors) {
            Described d = descriptors.get(table);
            if (d == null || !d.readAt().plus(REMEMBER_FOR).isAfter(now)) {
                d = new Described(glue.getTable(r -> r.databaseName(database).name(table)).table().storageDescriptor(),
                        now);
                descriptors.put(table, d);
            }
            return d.descriptor();
        }
    }
}
