package io.alertlake.bench;

import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.SecretValues;
import io.alertlake.lake.RawArchive;
import io.alertlake.ocsf.OcsfMapper;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * What the raw archive costs per delivery on one thread: a gzip'd NDJSON file of the benchmark's synthetic
 * deliveries (one month's spread) with every body escaped into a string, as the archive wrote them before
 * 2026-12-05, and with one-line bodies copied in, as it writes them now; then the secret redaction check alone
 * over the secret scanning deliveries. CPU time of this thread, median of 8 rounds after 2 warm-up rounds. Run by
 * bench/consume/raw.sh, not by the tests.
 */
public final class RawArchiveBench {

    public static void main(String[] args) {
        BenchLogging.likeTheService();
        int n = Integer.parseInt(args.length > 0 ? args[0] : "40000");
        System.setProperty("bench.months", System.getProperty("bench.months", "1"));
        OcsfMapper mapper = new OcsfMapper();
        List<RawArchive.Line> escaped = new ArrayList<>();
        List<RawArchive.Line> copied = new ArrayList<>();
        List<Delivery> secretScanning = new ArrayList<>();
        for (Iterator<Delivery> it = ConsumeBench.deliveries(n); it.hasNext(); ) {
            Delivery d = it.next();
            escaped.add(new RawArchive.Line(d, null));
            copied.add(RawArchive.Line.mapped(d, mapper.map(d)));
            if (d.event().startsWith("secret_scanning")) {
                secretScanning.add(d);
            }
        }
        System.out.println("| archive lines | deliveries | CPU µs per delivery (median, min–max) | bytes per delivery |");
        System.out.println("|---|---|---|---|");
        report("bodies escaped into strings", escaped);
        report("one-line bodies copied in", copied);
        double[] perPayload = rounds(() -> {
            for (Delivery d : secretScanning) {
                SecretValues.redact(d.event(), d.body());
            }
        }, secretScanning.size());
        System.out.printf("%nsecret redaction check: %.2f µs per secret scanning payload (%d payloads, %d bytes on"
                        + " average), median of 8 rounds%n", median(perPayload), secretScanning.size(),
                secretScanning.stream().mapToInt(d -> d.body().length).sum() / Math.max(1, secretScanning.size()));
    }

    private static void report(String label, List<RawArchive.Line> lines) {
        long[] bytes = new long[1];
        double[] perDelivery = rounds(() -> bytes[0] = RawArchive.write(lines).length, lines.size());
        System.out.printf("| %s | %d | %.1f (%.1f–%.1f) | %d |%n", label, lines.size(), median(perDelivery),
                perDelivery[0], perDelivery[perDelivery.length - 1], bytes[0] / lines.size());
    }

    /** CPU µs per item of 8 counted rounds (after 2 warm-up rounds), sorted. */
    private static double[] rounds(Runnable round, int items) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] perItem = new double[8];
        for (int r = -2; r < perItem.length; r++) {
            long cpu = threads.getCurrentThreadCpuTime();
            round.run();
            if (r >= 0) {
                perItem[r] = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / items;
            }
        }
        Arrays.sort(perItem);
        return perItem;
    }

    private static double median(double[] sorted) {
        return (sorted[3] + sorted[4]) / 2;
    }
}
