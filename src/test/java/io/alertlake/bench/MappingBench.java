package io.alertlake.bench;

import io.alertlake.delivery.Delivery;
import io.alertlake.ocsf.OcsfMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What mapping a delivery to OCSF costs on one thread: the benchmark's synthetic deliveries (one month's spread)
 * mapped round after round; CPU time of this thread per delivery, median of 8 rounds after 3 warm-up rounds.
 * The consumer's flush loop (bench/consume/run.sh) maps on two threads among the writers and the raw archive,
 * where the heap and the caches are shared and its figure moves with the machine; this one isolates the mapper.
 * Run by bench/consume/map.sh, not by the tests.
 */
public final class MappingBench {

    public static void main(String[] args) {
        BenchLogging.likeTheService();
        int n = Integer.parseInt(args.length > 0 ? args[0] : "40000");
        System.setProperty("bench.months", System.getProperty("bench.months", "1"));
        List<Delivery> deliveries = new ArrayList<>(n);
        for (Iterator<Delivery> it = ConsumeBench.deliveries(n); it.hasNext(); ) {
            deliveries.add(it.next());
        }
        OcsfMapper mapper = new OcsfMapper();
        long[] findings = new long[1];
        CpuRounds perDelivery = CpuRounds.measure(3, n, () -> {
            findings[0] = 0;
            for (Delivery d : deliveries) {
                findings[0] += mapper.map(d).findings().size();
            }
        });
        System.out.printf("mapping: %.1f µs of CPU per delivery (median of 8 rounds, %.1f–%.1f), %d deliveries, "
                        + "%d findings, %d body bytes per delivery%n", perDelivery.median(), perDelivery.min(),
                perDelivery.max(), n, findings[0], deliveries.stream().mapToLong(d -> d.body().length).sum() / n);
    }
}
