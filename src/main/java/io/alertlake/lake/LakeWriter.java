package io.alertlake.lake;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.RawCompression;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.PartitionKey;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Event;
import jakarta.inject.Singleton;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Writes one batch's files to the lake bucket. Every file of a batch carries the batch id in its name, so
 * a replay of the same raw file overwrites exactly what the first run wrote (idempotent), and an operator can
 * find every file one batch produced.
 */
@Singleton
public class LakeWriter {

    private final S3Client s3;
    private final String bucket;
    private final OptionalInt rawGzipLevel;
    private final RawCompression rawCompression;

    private final PartitionTasks tasks;
    private final Event<LakeFilesChanged> changed;

    public LakeWriter(S3Client s3, AlertlakeConfig config, Event<LakeFilesChanged> changed) {
        this.s3 = s3;
        this.bucket = config.lake().bucket();
        this.rawGzipLevel = config.lake().rawGzipLevel();
        rawGzipLevel.ifPresent(RawArchive::checkedLevel); // a level zlib does not have stops the start, not a flush
        this.rawCompression = config.lake().rawCompression();
        this.changed = changed;
        this.tasks = new PartitionTasks(writers(config));
    }

    /** Writers wait on S3 most of the time: {@link AlertlakeConfig.Consumer#writers()}. */
    static final int DEFAULT_WRITERS = 32;

    /** {@code alertlake.consumer.writers}, or 32, or one per core where there are more. */
    static int writers(AlertlakeConfig config) {
        return config.consumer().writers().orElse(Math.max(DEFAULT_WRITERS, Runtime.getRuntime().availableProcessors()));
    }

    @PreDestroy
    void close() {
        tasks.close();
    }

    /** Raw archive files, one per receive day. */
    public List<String> writeRaw(String batchId, Collection<RawArchive.Line> lines) {
        return writeNdjson(LakePaths.RAW, batchId, lines, rawCompression);
    }

    /** Quarantine files, one per receive day: deliveries that could not be mapped, with their error. */
    public List<String> writeQuarantine(String batchId, Collection<RawArchive.Line> lines) {
        return writeNdjson(LakePaths.QUARANTINE, batchId, lines, RawCompression.GZIP);
    }

    /** One Parquet file per findings partition, several partitions at a time. */
    public List<Written> writeFindings(String batchId, Map<PartitionKey, List<GenericRecord>> partitions) {
        List<Written> written = tasks.map(partitions.entrySet(), e -> {
            byte[] parquet = ParquetFiles.write(FindingSchema.finding(), e.getValue());
            String key = LakePaths.FINDINGS + e.getKey().path() + "/" + batchId + ".parquet";
            put(key, parquet, "application/vnd.apache.parquet");
            return new Written(key, parquet.length, e.getValue().size(), e.getKey());
        });
        announce(written);
        return written;
    }

    /** Repository name records, one Parquet file per event day. */
    public List<Written> writeRepositories(String batchId, Map<String, List<GenericRecord>> byDay) {
        List<Written> written = new ArrayList<>();
        for (var e : byDay.entrySet()) {
            byte[] parquet = ParquetFiles.write(FindingSchema.repository(), e.getValue());
            String key = LakePaths.REPOSITORIES + "day=" + e.getKey() + "/" + batchId + ".parquet";
            put(key, parquet, "application/vnd.apache.parquet");
            written.add(new Written(key, parquet.length, e.getValue().size(), null));
        }
        announce(written);
        return written;
    }

    /** Deletes a table file (a replay removing what a changed mapping no longer produces). */
    public void delete(String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(key));
        changed.fire(new LakeFilesChanged(List.of(key)));
    }

    private void announce(List<Written> written) {
        if (!written.isEmpty()) {
            changed.fire(new LakeFilesChanged(written.stream().map(Written::key).toList()));
        }
    }

    private List<String> writeNdjson(String prefix, String batchId, Collection<RawArchive.Line> lines,
                                     RawCompression compression) {
        Map<String, List<RawArchive.Line>> byDay = new TreeMap<>();
        for (RawArchive.Line line : lines) {
            byDay.computeIfAbsent(LakePaths.day(line.delivery().receivedAt()), d -> new ArrayList<>()).add(line);
        }
        List<String> keys = new ArrayList<>();
        for (var e : byDay.entrySet()) {
            String key = prefix + "day=" + e.getKey() + "/" + batchId + compression.suffix();
            put(key, RawArchive.write(e.getValue(), compression, rawGzipLevel), "application/x-ndjson");
            keys.add(key);
        }
        return keys;
    }

    private void put(String key, byte[] bytes, String contentType) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    /** A Parquet file written: its key, size, record count and partition (null for repositories). */
    public record Written(String key, long bytes, int records, PartitionKey partition) {
    }
}
