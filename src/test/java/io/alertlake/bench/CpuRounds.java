package io.alertlake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * CPU time of this thread per item, over rounds of the same work: warm-up rounds first (the JIT compiles the
 * code), then 8 counted rounds, sorted, so that the median and the spread can be read off. One thread's CPU time
 * is steadier than wall time on a shared machine, and leaves out what other threads do meanwhile.
 */
record CpuRounds(double[] perItem) {

    static CpuRounds measure(int warmUps, int items, Runnable round) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] perItem = new double[8];
        for (int r = -warmUps; r < perItem.length; r++) {
            long cpu = threads.getCurrentThreadCpuTime();
            round.run();
            if (r >= 0) {
                perItem[r] = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / items;
            }
        }
        Arrays.sort(perItem);
        return new CpuRounds(perItem);
    }

    /** µs per item, the median of the counted rounds. */
    double median() {
        return (perItem[3] + perItem[4]) / 2;
    }

    double min() {
        return perItem[0];
    }

    double max() {
        return perItem[perItem.length - 1];
    }
}
