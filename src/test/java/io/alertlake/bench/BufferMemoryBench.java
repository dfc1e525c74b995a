package io.alertlake.bench;

import io.alertlake.delivery.Delivery;
import io.alertlake.demo.DemoDeliveries;
import io.alertlake.lake.RawArchive;
import io.alertlake.ocsf.OcsfMapper;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap the consumer's buffer holds per delivery: the mapped records alone, and the records with the raw archive
 * lines (what a batch keeps until its bodies are archived). Run by bench/consume/memory.sh, not by the tests.
 */
public final class BufferMemoryBench {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "20000");
        System.out.println("| held | records | heap bytes per record | body bytes per delivery |");
        System.out.println("|---|---|---|---|");
        for (boolean withRaw : new boolean[] {false, true}) {
            OcsfMapper mapper = new OcsfMapper();
            List<Object> held = new ArrayList<>();
            long before = usedAfterGc();
            long bodies = 0;
            int records = 0;
            for (long seed = 1; records < n; seed++) {
                for (DemoDeliveries.Demo d : DemoDeliveries.generate(seed, LocalDate.of(2026, 11, 1), 12)) {
                    Delivery delivery = new Delivery(d.event(), d.deliveryId() + "-" + seed, null, null, null, d.at(),
                            d.body());
                    for (var f : mapper.map(delivery).findings()) {
                        held.add(f.record());
                        records++;
                    }
                    bodies += d.body().length;
                    if (withRaw) {
                        held.add(new RawArchive.Line(delivery, null));
                    }
                }
            }
            long used = usedAfterGc() - before;
            System.out.printf("| %s | %d | %.0f | %.0f |%n", withRaw ? "mapped records + raw archive lines"
                    : "mapped records", records, (double) used / records, (double) bodies / records);
            held.clear();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private BufferMemoryBench() {
    }
}
