package io.alertlake.bench;

import io.alertlake.delivery.Delivery;
import io.alertlake.lake.ParquetAvroFiles;
import io.alertlake.lake.ParquetFiles;
import io.alertlake.lake.PartitionTasks;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.ocsf.PartitionKey;
import org.apache.avro.generic.GenericRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Parquet part of one flush, as the consumer writes it: the findings of N synthetic deliveries (spread over
 * {@code bench.months} months) grouped by partition, one file per partition, on every core (LakeWriter's
 * {@link PartitionTasks}), written again and again — the lake's write support and parquet-avro's in turn, a
 * round of each, so that the machine's drift falls on both alike. The process's CPU time per record (every
 * thread, the garbage collector's too) after 3 warm-up rounds of each, median of 8. Run by
 * bench/consume/flush.sh, not by the tests.
 */
public final class FlushParquetBench {

    public static void main(String[] args) {
        BenchLogging.likeTheService();
        int n = args.length == 0 ? 100_000 : Integer.parseInt(args[0]);
        OcsfMapper mapper = new OcsfMapper();
        Map<PartitionKey, List<GenericRecord>> partitions = new HashMap<>();
        int records = 0;
        for (Iterator<Delivery> it = ConsumeBench.deliveries(n); it.hasNext(); ) {
            for (Mapped.Finding f : mapper.map(it.next()).findings()) {
                partitions.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f.record());
                records++;
            }
        }
        String[] names = {"this write support", "parquet-avro's"};
        double[][] perRecord = new double[2][8];
        long[] bytes = new long[2];
        try (PartitionTasks writing = new PartitionTasks(Runtime.getRuntime().availableProcessors())) {
            for (int round = -3; round < 8; round++) {
                for (int side = 0; side < 2; side++) {
                    boolean lake = side == 0;
                    ProcessCpu started = ProcessCpu.now();
                    bytes[side] = writing.map(partitions.values(), r -> (long) (lake
                                    ? ParquetFiles.write(FindingSchema.finding(), r)
                                    : ParquetAvroFiles.write(FindingSchema.finding(), r)).length)
                            .stream().mapToLong(Long::longValue).sum();
                    ProcessCpu cpu = ProcessCpu.now().minus(started);
                    if (round >= 0) {
                        perRecord[side][round] = (cpu.userSeconds() + cpu.systemSeconds()) * 1e6 / records;
                    }
                }
            }
        }
        System.out.printf("%d deliveries, %d records, %d files, %d months, %d cores%n%n", n, records,
                partitions.size(), Integer.getInteger("bench.months", 12), Runtime.getRuntime().availableProcessors());
        System.out.println("| write support | CPU µs per record (median, min–max of 8) | bytes |");
        System.out.println("|---|---|---|");
        for (int side = 0; side < 2; side++) {
            double[] r = perRecord[side];
            Arrays.sort(r);
            System.out.printf("| %s | %.1f (%.1f–%.1f) | %d |%n", names[side], (r[3] + r[4]) / 2, r[0], r[7],
                    bytes[side]);
        }
    }
}
