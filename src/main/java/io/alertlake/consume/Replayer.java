package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.delivery.Delivery;
import io.alertlake.lake.LakePaths;
import io.alertlake.lake.LakeWriter;
import io.alertlake.lake.RawArchive;
import io.alertlake.ocsf.OcsfMapper;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rebuilds {@code findings/} and {@code repositories/} from {@code raw/} for a range of receive days, e.g.
 * after a mapping change. Each raw file's outputs are named after its batch id, so replaying overwrites
 * exactly the files the first run wrote and deletes those a changed mapping no longer produces: running it
 * twice gives the same lake.
 */
@Singleton
public class Replayer {

    private static final Logger LOG = Logger.getLogger(Replayer.class);

    /** Replay's quarantine files are {@code quarantine/day=…/<batch-id>.replay.ndjson.gz}. */
    public static final String REPLAY_SUFFIX = ".replay";

    /**
     * How long a batch may be in the consumer's hands after its first raw file is written: a batch buffers for at
     * most the flush interval, and its messages' visibility covers the flush.
     */
    private final Duration inFlight;
    /** At least this, whatever the timings (S3's clock and this task's differ a little). */
    static final Duration MIN_IN_FLIGHT = Duration.ofSeconds(5);
    /** The longest a message stays in SQS: how far apart a flush's deliveries can have been received. */
    private static final Period SQS_LONGEST_RETENTION = Period.ofDays(14);
    private final S3Client s3;
    private final String bucket;
    private final OcsfMapper mapper;
    private final LakeWriter lake;
    private final PartitionRegistry partitions;

    Replayer(S3Client s3, AlertlakeConfig config, OcsfMapper mapper, LakeWriter lake, PartitionRegistry partitions) {
        Duration held = config.flushInterval().plus(config.queue().visibilityTimeout());
        this.inFlight = held.compareTo(MIN_IN_FLIGHT) < 0 ? MIN_IN_FLIGHT : held;
        this.s3 = s3;
        this.bucket = config.lake().bucket();
        this.mapper = mapper;
        this.lake = lake;
        this.partitions = partitions;
    }

    /** An operator cancelled the replay: it stopped before its next batch. */
    static final class Cancelled extends RuntimeException {
        Cancelled(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Replays every batch with a raw file of the receive days {@code from}..{@code to} (inclusive), counting what it
     * does in {@code run}. A flush archives its deliveries in one raw file per receive day, all named after the
     * batch, and writes the batch's findings under the same name: a batch is replayed whole, from all its raw files,
     * so that rebuilding one day neither overwrites nor deletes what the batch's other days contributed.
     */
    public void replay(LocalDate from, LocalDate to, ReplayRun run) {
        checkRange(from, to);
        Instant listed = Instant.now();
        Map<String, List<String>> rawByBatch = new TreeMap<>();
        Map<String, Instant> newestRaw = new HashMap<>();
        Set<String> inRange = new TreeSet<>();
        for (LocalDate listedDay : rawDaysToList(from, to)) {
            for (S3Object raw : list(LakePaths.RAW + "day=" + listedDay + "/")) {
                if (raw.key().endsWith("/")) {
                    continue; // a "folder" made in the S3 console, not a file
                }
                String batchId = batchId(raw.key());
                rawByBatch.computeIfAbsent(batchId, k -> new ArrayList<>()).add(raw.key());
                newestRaw.merge(batchId, raw.lastModified(), (a, b) -> a.isAfter(b) ? a : b);
                if (!listedDay.isBefore(from) && !listedDay.isAfter(to)) {
                    inRange.add(batchId);
                }
            }
        }
        Map<String, List<String>> existingByBatch = outputsOf(inRange);
        // a batch whose raw archive was written ahead of its flush (a backlog's) has raw files and no findings until
        // the consumer flushes it: replayed now, its findings would hold the parts written so far and overwrite
        // the whole batch's, written meanwhile
        inRange.removeIf(batchId -> {
            boolean writing = !existingByBatch.containsKey(batchId)
                    && newestRaw.get(batchId).isAfter(listed.minus(inFlight));
            if (writing) {
                run.batchesInFlight.incrementAndGet();
            }
            return writing;
        });
        run.batches.set(inRange.size());
        for (String batchId : inRange) {
            if (run.stops().takenOver()) { // what was replayed stays replayed; the other task's replay goes on
                throw new IllegalStateException("another task took over this replay's lease (this one could not "
                        + "renew it); stopped after " + run.batchesDone.get() + " of " + inRange.size() + " batches");
            }
            if (run.stops().cancelled()) { // what was replayed stays replayed, each batch whole
                throw new Cancelled("cancelled after " + run.batchesDone.get() + " of " + inRange.size()
                        + " batches");
            }
            Optional<List<List<Delivery>>> files = read(batchId, rawByBatch.get(batchId), run);
            if (files.isEmpty()) {
                continue; // left as it was
            }
            Batch batch = new Batch();
            for (List<Delivery> file : files.get()) {
                for (Delivery d : file) {
                    run.deliveries.incrementAndGet();
                    try {
                        DeliveryConsumer.add(batch, mapper.map(d));
                    } catch (RuntimeException e) {
                        batch.quarantine(new RawArchive.Line(d, DeliveryConsumer.reason(e)));
                    }
                }
                run.rawFiles.incrementAndGet();
            }
            Set<String> written = new HashSet<>();
            lake.writeFindings(batchId, batch.findings).forEach(w -> written.add(w.key()));
            lake.writeRepositories(batchId, batch.repositoriesByDay).forEach(w -> written.add(w.key()));
            // a name of its own: the flush's quarantine file of the batch stays as the consumer wrote it; an earlier
            // replay's is rewritten, or removed below when this one quarantines nothing of that day
            written.addAll(lake.writeQuarantine(batchId + REPLAY_SUFFIX, batch.quarantined));
            partitions.register(batch.findings.keySet(), batch.repositoriesByDay.keySet());
            for (String stale : existingByBatch.getOrDefault(batchId, List.of())) {
                if (!written.contains(stale)) {
                    lake.delete(stale);
                    run.staleFilesRemoved.incrementAndGet();
                }
            }
            run.records.addAndGet(batch.records);
            run.quarantined.addAndGet(batch.quarantined.size());
            run.batchesDone.incrementAndGet();
        }
    }

    /**
     * The deliveries of each of a batch's raw files, or none when one of them cannot be read (truncated, not an
     * archive): a batch rebuilt without one of its files would lose that file's findings, so it stays as it is, and
     * the replay goes on with the other batches and ends FAILED naming the file.
     */
    private Optional<List<List<Delivery>>> read(String batchId, List<String> keys, ReplayRun run) {
        List<List<Delivery>> files = new ArrayList<>();
        for (String key : keys) {
            byte[] file = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
            try {
                files.add(RawArchive.read(file));
            } catch (RuntimeException e) {
                LOG.errorf("replay %s: raw file %s cannot be read (%s); batch %s left as it was", run.id(), key,
                        e, batchId);
                run.unreadableRawFiles.add(key);
                return Optional.empty();
            }
        }
        return Optional.of(files);
    }

    /** GitHub's first year: no webhook was received before it. */
    static final LocalDate FIRST_DAY = LocalDate.of(2008, 1, 1);

    /**
     * A range that ends before it starts is an error of the request; so is one reaching before {@link #FIRST_DAY} or
     * past tomorrow (UTC), where nothing can have been received: each of its days is listed in S3, and the years a
     * mistyped date spans would hold the replay, and every other replay, for hours.
     */
    static void checkRange(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("replay range ends (" + to + ") before it starts (" + from + ")");
        }
        if (from.isBefore(FIRST_DAY)) {
            throw new IllegalArgumentException("replay range starts (" + from + ") before " + FIRST_DAY
                    + ": nothing was received then");
        }
        LocalDate tomorrow = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1);
        if (to.isAfter(tomorrow)) {
            throw new IllegalArgumentException("replay range ends (" + to + ") after tomorrow (" + tomorrow
                    + ", UTC): nothing can have been received then");
        }
    }

    /**
     * The receive days whose raw files may belong to a batch with one in {@code from}..{@code to}: a batch's
     * deliveries were received (queued) at most SQS's longest retention, 14 days, apart — a dead-letter queue's
     * redrive keeps a message's first enqueue time — so a replay lists those days only, not all of {@code raw/}.
     */
    static List<LocalDate> rawDaysToList(LocalDate from, LocalDate to) {
        return from.minus(SQS_LONGEST_RETENTION).datesUntil(to.plus(SQS_LONGEST_RETENTION).plusDays(1)).toList();
    }

    /**
     * What earlier flushes and replays wrote of the given batches: their tables' files and a replay's own
     * quarantine files. Those are listed whole (a batch's findings may stand on any event day), but only the
     * given batches' keys are kept.
     */
    private Map<String, List<String>> outputsOf(Set<String> batches) {
        Map<String, List<String>> byBatch = new HashMap<>();
        for (String prefix : List.of(LakePaths.FINDINGS, LakePaths.REPOSITORIES, LakePaths.QUARANTINE)) {
            for (S3Object o : list(prefix)) {
                String name = o.key().substring(o.key().lastIndexOf('/') + 1);
                if (prefix.equals(LakePaths.QUARANTINE) && !name.contains(REPLAY_SUFFIX + ".")) {
                    continue; // the consumer's own quarantine files: never rewritten nor removed by a replay
                }
                String batchId = batchId(o.key());
                if (batches.contains(batchId)) {
                    byBatch.computeIfAbsent(batchId, k -> new ArrayList<>()).add(o.key());
                }
            }
        }
        return byBatch;
    }

    /** The objects under {@code prefix}, page by page as they are listed. */
    private Iterable<S3Object> list(String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents();
    }

    private static String batchId(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
