package io.alertlake.bench;

import io.alertlake.config.RawCompression;
import io.alertlake.delivery.Delivery;
import io.alertlake.demo.DemoDeliveries;
import io.alertlake.lake.LakePaths;
import io.alertlake.lake.ParquetFiles;
import io.alertlake.lake.PartitionTasks;
import io.alertlake.lake.RawArchive;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.ocsf.PartitionKey;
import org.apache.avro.generic.GenericRecord;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The consumer's CPU path — OCSF mapping, the raw archive and ZSTD Parquet per partition, flush after flush at
 * the consumer's thresholds — over N synthetic deliveries built from the fixture templates, against DuckDB
 * turning the same deliveries (as NDJSON) into the same org/repo/day-partitioned ZSTD Parquet. Run by
 * bench/consume/run.sh, not by the tests.
 */
public final class ConsumeBench {

    public static void main(String[] args) throws Exception {
        BenchLogging.likeTheService();
        int n = Integer.parseInt(args.length > 0 ? args[0] : "1000000");
        Path out = Path.of(args.length > 1 ? args[1] : "bench/consume/out");
        // the consumer's flush threshold (alertlake.consumer.flush-records and its default); bodies do not cut a
        // flush short: the consumer archives them ahead of the flush (DeliveryConsumer.archiveRaw)
        long flushRecords = Long.getLong("bench.flush-records", 100_000);
        int receivers = Integer.getInteger("bench.receivers", 2);
        boolean pieceBarrier = Boolean.getBoolean("bench.piece-barrier");
        boolean duckDb = Boolean.parseBoolean(System.getProperty("bench.duckdb", "true"));
        // the raw archive, as the consumer writes it: gzip'd NDJSON files of alertlake.consumer.flush-bytes
        // (64 MiB) of bodies each, on a thread of its own beside the receivers' mapping and the writers
        // (bench.raw=escaped: every body escaped into a string, as the archive wrote them before 2026-12-05)
        boolean raw = !System.getProperty("bench.raw", "true").equals("false");
        boolean escapedBodies = System.getProperty("bench.raw", "true").equals("escaped");
        long rawChunkBytes = Long.getLong("bench.flush-bytes", 64L * 1024 * 1024);
        // alertlake.lake.raw-gzip-level (unset: alertlake's own deflate, the default)
        Integer level = Integer.getInteger("bench.raw-level");
        java.util.OptionalInt rawLevel = level == null ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(level);
        // alertlake.lake.raw-compression
        RawCompression rawCompression = RawCompression.valueOf(
                System.getProperty("bench.raw-compression", "gzip").toUpperCase(java.util.Locale.ROOT));
        Files.createDirectories(out);
        // DuckDB's input: the same deliveries as NDJSON, each body a JSON string (as the raw archive held them
        // before it copied one-line JSON bodies as they are)
        Path ndjson = out.resolve("deliveries.ndjson");
        if (duckDb) {
            try (var w = new java.io.BufferedOutputStream(Files.newOutputStream(ndjson), 1 << 20)) {
                List<RawArchive.Line> chunk = new ArrayList<>();
                for (Iterator<Delivery> it = deliveries(n); it.hasNext(); ) {
                    chunk.add(new RawArchive.Line(it.next(), null));
                    if (chunk.size() == 10_000 || !it.hasNext()) {
                        RawArchive.writeNdjson(chunk, w);
                        chunk.clear();
                    }
                }
            }
        }

        // alertlake: deliveries buffered until a flush threshold, as the consumer buffers them; each flush maps
        // its deliveries on as many threads as the consumer has receivers (each receiver maps what it receives)
        // and writes one ZSTD Parquet file per partition on every core (LakeWriter)
        Path lake = out.resolve("alertlake");
        deleteTree(lake);
        OcsfMapper mapper = new OcsfMapper();
        long records = 0;
        long parquetBytes = 0;
        long filesWritten = 0;
        int flushes = 0;
        double mappingSeconds = 0;
        double alertlakeSeconds = 0;
        // the first flush runs in a cold JVM (interpreted and compiling code, a heap still growing): reported
        // apart, as a consumer that has been running for a while drains a backlog at the later flushes' rate
        long firstFlushRecords = 0;
        double firstFlushSeconds = 0;
        long rawBytes = 0;
        long rawCpuNanos = 0;
        ProcessCpu cpu = new ProcessCpu(0, 0);
        // by thread, after the first flush: mapping (the receivers' lake-writer threads while mapping), Parquet
        // (the writers' lake-writer threads after it), the raw archive's thread, the garbage collector, the JIT
        double[] warm = new double[6];
        List<double[]> each = new ArrayList<>(); // per flush: deliveries, seconds, process CPU seconds
        long firstFlushDeliveries = 0;
        // the queue's direct buffers, one per piece of a flush, reused from flush to flush
        List<ByteBuffer> queue = new ArrayList<>();
        List<Integer> shares = java.util.stream.IntStream.range(0, receivers).boxed().toList();
        try (PartitionTasks mapping = new PartitionTasks(receivers);
             PartitionTasks writing = new PartitionTasks(Runtime.getRuntime().availableProcessors());
             var archiving = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "raw-archive"))) {
            Iterator<Delivery> it = deliveries(n);
            while (it.hasNext()) {
                // a flush's deliveries as the queue holds them, in pieces of 64 MiB of bodies (flush-bytes), made
                // before the clock starts
                List<Queued> pieces = queued(it, flushRecords, rawChunkBytes, queue);
                int delivered = pieces.stream().mapToInt(Queued::size).sum();
                if (flushes == 0) {
                    // the JIT compiles the generator it has just run (~0.7 s of a compiler thread's CPU, by JFR's
                    // compilation events) on its own time, which fell into the first timed flush: it finishes first
                    // (no code of the consumer has run yet, so none of the consumer's compiling is left out)
                    System.err.printf("harness: its own compiling done %.1f s after its first deliveries%n",
                            awaitCompilerIdle());
                }
                // the clock runs while the consumer works: making the synthetic deliveries is not its work
                // (the queue hands them over already made)
                long mapStarted = System.nanoTime();
                ProcessCpu cpuStarted = ProcessCpu.now();
                ThreadCpu threadsStarted = ThreadCpu.now();
                String batch = "flush-" + flushes++;
                // the consumer's receivers map what they receive into the batch, and each 64 MiB of bodies
                // (flush-bytes) is archived ahead of the flush while they go on mapping (DeliveryConsumer.archiveRaw):
                // here each receiver takes its share of every piece out of the queue in turn and maps it, and each
                // piece, once both shares are mapped, is archived on the archive's thread beside the next one's
                // mapping. The receivers do not wait for each other between pieces, as the consumer's do not
                // (bench.piece-barrier=true: each waits for the others after each piece, as before 2026-12-07 evening)
                Map<PartitionKey, List<GenericRecord>> partitions = new HashMap<>();
                List<Future<RawWritten>> archived = new ArrayList<>();
                int count = pieces.size();
                // each piece's raw lines by receiver, and whether both receivers are done with it
                List<List<List<RawArchive.Line>>> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
                List<java.util.concurrent.CountDownLatch> piecesMapped = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    lines.add(new java.util.concurrent.CopyOnWriteArrayList<>(java.util.Collections.nCopies(
                            receivers, List.<RawArchive.Line>of())));
                    piecesMapped.add(new java.util.concurrent.CountDownLatch(receivers));
                    if (raw) {
                        int piece = k;
                        String file = batch + "." + k;
                        archived.add(archiving.submit(() -> {
                            piecesMapped.get(piece).await();
                            List<RawArchive.Line> rawLines = new ArrayList<>(pieces.get(piece).size());
                            // the piece's bodies are let go of once archived, as the consumer lets them go
                            lines.set(piece, null).forEach(rawLines::addAll);
                            return writeRaw(lake.resolve(LakePaths.RAW), file, rawLines, rawCompression, rawLevel);
                        }));
                    }
                }
                // each receiver buffers what it maps, as the consumer's receivers add to the batch
                for (Map<PartitionKey, List<GenericRecord>> own : mapping.map(shares, share -> {
                    Map<PartitionKey, List<GenericRecord>> buffered = new HashMap<>();
                    int counted = 0; // pieces this receiver has said it is done with
                    try {
                        for (int k = 0; k < count; k++) {
                            Queued piece = pieces.get(k);
                            List<RawArchive.Line> rawLines = raw ? new ArrayList<>() : null;
                            buffer(mapShare(mapper, piece, share, receivers), buffered, rawLines, escapedBodies);
                            if (raw) {
                                lines.get(k).set(share, rawLines);
                            }
                            piecesMapped.get(k).countDown();
                            counted++;
                            if (pieceBarrier) {
                                piecesMapped.get(k).await(); // the other receiver's share of the piece
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the other receivers", e);
                    } finally {
                        for (int k = counted; k < count; k++) { // a failed receiver: the others must not wait on it
                            piecesMapped.get(k).countDown();
                        }
                    }
                    return buffered;
                })) {
                    for (var e : own.entrySet()) {
                        partitions.computeIfAbsent(e.getKey(), key -> new ArrayList<>()).addAll(e.getValue());
                        records += e.getValue().size();
                    }
                }
                mappingSeconds += (System.nanoTime() - mapStarted) / 1e9;
                ThreadCpu mapped = ThreadCpu.now();
                parquetBytes += writing.map(partitions.entrySet(), e -> {
                    try {
                        Path dir = lake.resolve(LakePaths.FINDINGS + e.getKey().path());
                        Files.createDirectories(dir);
                        byte[] file = ParquetFiles.write(FindingSchema.finding(), e.getValue());
                        Files.write(dir.resolve(batch + ".parquet"), file);
                        return (long) file.length;
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }).stream().mapToLong(Long::longValue).sum();
                filesWritten += partitions.size();
                for (Future<RawWritten> piece : archived) {
                    rawBytes += piece.get().bytes();
                    rawCpuNanos += piece.get().cpuNanos();
                }
                double flushSeconds = (System.nanoTime() - mapStarted) / 1e9;
                ProcessCpu flushCpu = ProcessCpu.now().minus(cpuStarted);
                ThreadCpu ended = ThreadCpu.now();
                ThreadCpu whole = ended.minus(threadsStarted);
                double[] byThread = {mapped.minus(threadsStarted).seconds("lake-writer"),
                        ended.minus(mapped).seconds("lake-writer"), whole.seconds("raw archive"),
                        whole.seconds("garbage collector"), whole.seconds("JIT compiler"), whole.seconds("other")};
                if (flushes > 1) {
                    for (int i = 0; i < warm.length; i++) {
                        warm[i] += byThread[i];
                    }
                }
                cpu = cpu.plus(flushCpu);
                alertlakeSeconds += flushSeconds;
                each.add(new double[] {delivered, flushSeconds, flushCpu.userSeconds() + flushCpu.systemSeconds()});
                if (flushes == 1) {
                    firstFlushRecords = records;
                    firstFlushDeliveries = delivered;
                    firstFlushSeconds = flushSeconds;
                }
                System.err.printf("flush %d: %d records, %d files, %.2f s; process CPU %.2f s user, %.2f s system%n",
                        flushes, delivered, partitions.size(), flushSeconds, flushCpu.userSeconds(),
                        flushCpu.systemSeconds());
                System.err.printf("  by thread: mapping %.2f s, Parquet %.2f s, raw archive %.2f s, garbage collector "
                        + "%.2f s, JIT %.2f s, other %.2f s%n", byThread[0], byThread[1], byThread[2], byThread[3],
                        byThread[4], byThread[5]);
            }
        }
        System.err.printf("alertlake: %d flushes; mapping %.2f s on %d threads, Parquet%s %.2f s%n", flushes,
                mappingSeconds, receivers, raw ? " and raw archive" : "", alertlakeSeconds - mappingSeconds);
        System.err.printf("process CPU while timed: %.2f s user, %.2f s system: %.1f µs per delivery%n",
                cpu.userSeconds(), cpu.systemSeconds(), (cpu.userSeconds() + cpu.systemSeconds()) * 1e6 / n);
        if (flushes > 1) {
            double d = (n - firstFlushDeliveries) / 1e6;
            System.err.printf("after the first flush, CPU µs per delivery by thread: mapping %.1f, Parquet %.1f, "
                    + "raw archive %.1f, garbage collector %.1f, JIT %.1f, other %.1f%n", warm[0] / d, warm[1] / d,
                    warm[2] / d, warm[3] / d, warm[4] / d, warm[5] / d);
        }
        if (flushes > 3) {
            // what a consumer that has run for a while drains at, the JIT's compiling done: the later half's flushes
            double[] later = each.subList(each.size() - each.size() / 2, each.size()).stream()
                    .reduce(new double[3], (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
            System.err.printf("the last %d flushes: %.0f events/s, %.1f µs of CPU a delivery%n", each.size() / 2,
                    later[0] / later[1], later[2] * 1e6 / later[0]);
        }
        if (raw) {
            System.err.printf("raw archive: %.0f bytes/delivery, %.2f s of CPU on its thread%n", (double) rawBytes / n,
                    rawCpuNanos / 1e9);
        }

        System.out.printf("| engine | deliveries | records | seconds | events/s | events/s after the first flush "
                + "| Parquet bytes/event | files |%n");
        System.out.printf("|---|---|---|---|---|---|---|---|%n");
        String afterFirst = flushes > 1
                ? String.format("%.0f", (records - firstFlushRecords) / (alertlakeSeconds - firstFlushSeconds)) : "–";
        System.out.printf("| alertlake mapper + ZSTD Parquet%s | %d | %d | %.2f | %.0f | %s | %.0f | %d |%n",
                raw ? " + raw archive" : "", n, records, alertlakeSeconds, n / alertlakeSeconds, afterFirst,
                (double) parquetBytes / records, filesWritten);
        System.out.printf("%n%d flushes of up to %d records (the first %.2f s); %s; %d cores%n", flushes, flushRecords,
                firstFlushSeconds, Instant.now(), Runtime.getRuntime().availableProcessors());
        if (!duckDb) {
            return;
        }
        System.out.printf("raw NDJSON %.0f bytes/delivery%n", (double) Files.size(ndjson) / n);

        // DuckDB: the same deliveries, the same partition layout, a projection of the payload
        Path duck = out.resolve("duckdb");
        deleteTree(duck);
        long started = System.nanoTime();
        try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
             Statement s = c.createStatement()) {
            s.execute("SET threads TO 2");
            // DuckDB's default limit, 80 % of the machine's memory, counts what this JVM's heap (fixed and touched
            // by run.sh) and the queue's buffers already hold: 80 % of the rest, so the kernel does not kill the run
            long physical = ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
            long javaHolds = Runtime.getRuntime().totalMemory() + queue.stream().mapToLong(ByteBuffer::capacity).sum();
            s.execute("SET memory_limit = '" + Math.max(1L << 30, (physical - javaHolds) * 8 / 10) / (1 << 20) + "MB'");
            s.execute("COPY (SELECT event, delivery_id, received_at, "
                    + "coalesce(json_extract_string(body, '$.organization.login'), "
                    + "         json_extract_string(body, '$.repository.owner.login')) AS org, "
                    + "json_extract_string(body, '$.repository.name') AS repo, "
                    + "CAST(json_extract(body, '$.alert.number') AS INTEGER) AS alert_number, "
                    + "json_extract_string(body, '$.action') AS action, "
                    + "json_extract_string(body, '$.alert.state') AS state, "
                    + "CAST(CAST(coalesce(json_extract_string(body, '$.alert.fixed_at'), "
                    + "  json_extract_string(body, '$.alert.dismissed_at'), json_extract_string(body, '$.alert.resolved_at'), "
                    + "  json_extract_string(body, '$.alert.updated_at'), received_at) AS TIMESTAMP) AS DATE) AS day, "
                    + "body "
                    + "FROM read_json('" + ndjson.toAbsolutePath() + "', format = 'newline_delimited', "
                    + "columns = {event: 'VARCHAR', delivery_id: 'VARCHAR', received_at: 'VARCHAR', body: 'VARCHAR'}) "
                    + "ORDER BY day) TO '" + duck.toAbsolutePath() + "' "
                    + "(FORMAT parquet, COMPRESSION zstd, PARTITION_BY (org, repo, day))");
        }
        double duckSeconds = (System.nanoTime() - started) / 1e9;
        long duckBytes;
        long duckFiles;
        try (Stream<Path> files = Files.walk(duck)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".parquet")).toList();
            duckFiles = all.size();
            long sum = 0;
            for (Path p : all) {
                sum += Files.size(p);
            }
            duckBytes = sum;
        }

        System.out.printf("%n| DuckDB read_json → partitioned ZSTD Parquet | %d | %d | %.2f | %.0f | – | %.0f | %d |%n",
                n, n, duckSeconds, n / duckSeconds, (double) duckBytes / n, duckFiles);
        System.out.printf("%nratio alertlake/DuckDB events/s: %.2f%n", (n / alertlakeSeconds) / (n / duckSeconds));
    }

    /**
     * Waits until the JIT has compiled nothing for half a second (at most 10 s); returns the seconds waited. Read
     * from the JVM's total compilation time, which grows while any compiler thread works.
     */
    private static double awaitCompilerIdle() throws InterruptedException {
        var compiler = java.lang.management.ManagementFactory.getCompilationMXBean();
        long started = System.nanoTime();
        long idleSince = started;
        long seen = compiler.getTotalCompilationTime();
        while (System.nanoTime() - idleSince < 500_000_000L && System.nanoTime() - started < 10_000_000_000L) {
            Thread.sleep(50);
            long now = compiler.getTotalCompilationTime();
            if (now != seen) {
                seen = now;
                idleSince = System.nanoTime();
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** A delivery and what the mapper made of it. */
    private record Received(Delivery delivery, Mapped mapped) {
    }

    /** A receiver's share of a piece, taken out of the queue and mapped. */
    private static List<Received> mapShare(OcsfMapper mapper, Queued piece, int share, int receivers) {
        List<Received> taken = new ArrayList<>();
        for (int i = share * piece.size() / receivers; i < (share + 1) * piece.size() / receivers; i++) {
            Delivery d = piece.take(i);
            taken.add(new Received(d, mapper.map(d)));
        }
        return taken;
    }

    /**
     * Buffers what a receiver mapped: its findings by partition and, unless {@code rawLines} is null, its deliveries'
     * raw archive lines. A method of its own, not a loop in {@link #main}: the JIT
     * compiles a hot loop with the method around it, and compiling this harness's whole main method (three times,
     * 3.5 s of a compiler thread's CPU in a run of 600,000 deliveries, by JFR's compilation events) was charged to
     * the consumer's CPU.
     */
    private static void buffer(List<Received> part, Map<PartitionKey, List<GenericRecord>> partitions,
                               List<RawArchive.Line> rawLines, boolean escapedBodies) {
        for (Received r : part) {
            for (Mapped.Finding f : r.mapped().findings()) {
                partitions.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f.record());
            }
            if (rawLines != null) {
                rawLines.add(escapedBodies ? new RawArchive.Line(r.delivery(), null)
                        : RawArchive.Line.mapped(r.delivery(), r.mapped()));
            }
        }
    }

    /** A flush's raw archive as written: its bytes and the CPU time writing it took. */
    private record RawWritten(long bytes, long cpuNanos) {
    }

    /**
     * Up to {@code count} deliveries in pieces of {@code bytes} of bodies, as the consumer archives them ahead of a
     * flush; the pieces' bodies are put in {@code queue}'s buffers, which are free again once the flush is written.
     */
    private static List<Queued> queued(Iterator<Delivery> deliveries, long count, long bytes, List<ByteBuffer> queue) {
        List<Queued> pieces = new ArrayList<>();
        List<Delivery> piece = new ArrayList<>();
        long bodies = 0;
        for (long made = 0; made < count && deliveries.hasNext(); made++) {
            Delivery d = deliveries.next();
            piece.add(d);
            bodies += d.body().length;
            if (bodies >= bytes || made == count - 1 || !deliveries.hasNext()) {
                if (queue.size() == pieces.size()) {
                    queue.add(null);
                }
                if (queue.get(pieces.size()) == null || queue.get(pieces.size()).capacity() < bodies) {
                    queue.set(pieces.size(), ByteBuffer.allocateDirect((int) Math.max(bodies, bytes + (1 << 20))));
                }
                pieces.add(Queued.of(piece, queue.get(pieces.size())));
                piece = new ArrayList<>();
                bodies = 0;
            }
        }
        return pieces;
    }

    /**
     * Deliveries waiting in the queue. Their bodies are outside the heap, as they are in SQS until received: a
     * flush's 100,000 bodies made before the clock starts are 850 MB, which used to sit on the heap from then on
     * (the collector copied them inside the timed part; a heap copy in large arrays, tried instead, had G1 start a
     * marking cycle for each). A receiver {@linkplain #take takes} a body as a new array, as the SQS client hands
     * over each message's body, and the batch holds it until its piece is archived, as the consumer does.
     */
    private record Queued(List<Delivery> headers, ByteBuffer bodies, int[] ends) {

        private static final byte[] NO_BODY = new byte[0];

        static Queued of(List<Delivery> deliveries, ByteBuffer bodies) {
            int[] ends = new int[deliveries.size()];
            List<Delivery> headers = new ArrayList<>(deliveries.size());
            bodies.clear();
            for (int i = 0; i < ends.length; i++) {
                Delivery d = deliveries.get(i);
                bodies.put(d.body());
                ends[i] = bodies.position();
                headers.add(new Delivery(d.event(), d.deliveryId(), d.hookId(), d.targetType(), d.targetId(),
                        d.receivedAt(), NO_BODY, d.signature()));
            }
            return new Queued(headers, bodies, ends);
        }

        int size() {
            return ends.length;
        }

        Delivery take(int i) {
            Delivery h = headers.get(i);
            int from = i == 0 ? 0 : ends[i - 1];
            byte[] body = new byte[ends[i] - from];
            bodies.get(from, body);
            return new Delivery(h.event(), h.deliveryId(), h.hookId(), h.targetType(), h.targetId(), h.receivedAt(),
                    body, h.signature());
        }
    }

    /** One raw archive file, as the consumer writes it, and the CPU time that took. */
    private static RawWritten writeRaw(Path dir, String name, List<RawArchive.Line> lines,
                                       RawCompression compression, java.util.OptionalInt level) throws java.io.IOException {
        long cpuStarted = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        Files.createDirectories(dir);
        byte[] file = RawArchive.write(lines, compression, level);
        Files.write(dir.resolve(name + compression.suffix()), file);
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted;
        return new RawWritten(file.length, cpu);
    }

    /**
     * N synthetic deliveries from the demo generator (8 repositories per seed, events over {@code bench.months}
     * months: 12 by default, a backfill's spread over a year of days), made as needed.
     */
    static Iterator<Delivery> deliveries(int n) {
        int months = Integer.getInteger("bench.months", 12);
        return new Iterator<>() {
            private long seed = 0;
            private int made = 0;
            private Iterator<DemoDeliveries.Demo> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                return made < n;
            }

            @Override
            public Delivery next() {
                while (!current.hasNext()) {
                    current = DemoDeliveries.generate(++seed, LocalDate.of(2026, 11, 1), months).iterator();
                }
                DemoDeliveries.Demo d = current.next();
                made++;
                // signed, as webhooks are: ingest keeps the signature with the delivery and the consumer writes it
                return new Delivery(d.event(), d.deliveryId() + "-" + seed, null, null, null, d.at().plusSeconds(2),
                        d.body(), io.alertlake.ingest.SignatureVerifier.sign("bench", d.body()));
            }
        };
    }

    /** The findings of N synthetic deliveries ({@link #deliveries}), grouped by partition as a flush groups them. */
    static Map<PartitionKey, List<GenericRecord>> findingsByPartition(int n) {
        OcsfMapper mapper = new OcsfMapper();
        Map<PartitionKey, List<GenericRecord>> partitions = new HashMap<>();
        for (Iterator<Delivery> it = deliveries(n); it.hasNext(); ) {
            for (Mapped.Finding f : mapper.map(it.next()).findings()) {
                partitions.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f.record());
            }
        }
        return partitions;
    }

    /** Deletes a folder and everything below it, if it exists (the benchmarks' output folders). */
    static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
