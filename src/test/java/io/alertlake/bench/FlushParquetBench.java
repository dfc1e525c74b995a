package io.alertlake.bench;

import io.alertlake.lake.ParquetAvroFiles;
import io.alertlake.lake.ParquetFiles;
import io.alertlake.lake.PartitionTasks;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.PartitionKey;
import org.apache.avro.generic.GenericRecord;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
        Map<PartitionKey, List<GenericRecord>> partitions = ConsumeBench.findingsByPartition(n);
        int records = partitions.values().stream().mapToInt(List::size).sum();
        long[] bytes = new long[2];
        CpuRounds[] perRecord;
        try (PartitionTasks writing = new PartitionTasks(Runtime.getRuntime().availableProcessors())) {
            perRecord = CpuRounds.inTurn(CpuRounds.PROCESS, 3, records,
                    () -> bytes[0] = write(writing, partitions, r -> ParquetFiles.write(FindingSchema.finding(), r)),
                    () -> bytes[1] = write(writing, partitions, r -> ParquetAvroFiles.write(FindingSchema.finding(), r)));
        }
        System.out.printf("%d deliveries, %d records, %d files, %d months, %d cores%n%n", n, records,
                partitions.size(), Integer.getInteger("bench.months", 12), Runtime.getRuntime().availableProcessors());
        System.out.println("| write support | CPU µs per record (median, min–max of 8) | bytes |");
        System.out.println("|---|---|---|");
        String[] names = {"this write support", "parquet-avro's"};
        for (int side = 0; side < 2; side++) {
            CpuRounds r = perRecord[side];
            System.out.printf("| %s | %.1f (%.1f–%.1f) | %d |%n", names[side], r.median(), r.min(), r.max(),
                    bytes[side]);
        }
    }

    /** Every partition's file, on the writers' threads; the files' bytes. */
    private static long write(PartitionTasks writing, Map<PartitionKey, List<GenericRecord>> partitions,
                              Function<List<GenericRecord>, byte[]> file) {
        return writing.map(partitions.values(), r -> (long) file.apply(r).length).stream()
                .mapToLong(Long::longValue).sum();
    }
}
