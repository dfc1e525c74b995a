package io.alertlake.bench;

import io.alertlake.delivery.Delivery;
import io.alertlake.lake.ParquetAvroFiles;
import io.alertlake.lake.ParquetFiles;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import org.apache.avro.generic.GenericRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * What one findings file costs to write, by its number of records: CPU time of one thread per file and bytes per
 * file, over files of the benchmark's synthetic findings written again and again (the first rounds warm the JIT
 * up and are not counted). A backlog spread over many days writes mostly files of a few records, where this
 * per-file cost, not the records, sets the consumer's rate. With {@code -Dbench.parquet-avro=true} the same
 * files are also written through parquet-avro's write support (the same bytes), round by round in turn with the
 * lake's own, and both CPU times are given. Run by bench/consume/file.sh, not by the tests.
 */
public final class ParquetFileBench {

    public static void main(String[] args) {
        BenchLogging.likeTheService();
        int[] sizes = args.length == 0 ? new int[] {9, 18, 100, 1000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int maxRecords = Arrays.stream(sizes).max().orElseThrow();
        OcsfMapper mapper = new OcsfMapper();
        List<GenericRecord> findings = new ArrayList<>();
        for (Iterator<Delivery> it = ConsumeBench.deliveries(4 * maxRecords); it.hasNext() && findings.size() < maxRecords; ) {
            for (Mapped.Finding f : mapper.map(it.next()).findings()) {
                if (f.record().getSchema().equals(FindingSchema.finding()) && findings.size() < maxRecords) {
                    findings.add(f.record());
                }
            }
        }
        boolean parquetAvro = Boolean.getBoolean("bench.parquet-avro");
        System.out.println("| records per file | files | CPU µs per file | CPU µs per record | bytes per file |"
                + (parquetAvro ? " parquet-avro's write support: CPU µs per file | bytes per file |" : ""));
        System.out.println("|---|---|---|---|---|" + (parquetAvro ? "---|---|" : ""));
        for (int size : sizes) {
            List<GenericRecord> records = findings.subList(0, size);
            int files = Math.max(20, 30_000 / size);
            long[] bytes = new long[2];
            Runnable lake = () -> {
                bytes[0] = 0;
                for (int i = 0; i < files; i++) {
                    bytes[0] += ParquetFiles.write(FindingSchema.finding(), records).length;
                }
            };
            Runnable reference = () -> {
                bytes[1] = 0;
                for (int i = 0; i < files; i++) {
                    bytes[1] += ParquetAvroFiles.write(FindingSchema.finding(), records).length;
                }
            };
            CpuRounds[] perFile = parquetAvro ? CpuRounds.inTurn(CpuRounds.THIS_THREAD, 3, files, lake, reference)
                    : CpuRounds.inTurn(CpuRounds.THIS_THREAD, 3, files, lake);
            double median = perFile[0].median();
            System.out.printf("| %d | %d × 8 | %.0f | %.1f | %d |", size, files, median, median / size, bytes[0] / files);
            System.out.println(parquetAvro
                    ? String.format(" %.0f | %d |", perFile[1].median(), bytes[1] / files) : "");
        }
    }
}
