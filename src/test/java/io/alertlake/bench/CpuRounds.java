package io.alertlake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * CPU time per item, over rounds of the same work: warm-up rounds first (the JIT compiles the code), then 8
 * counted rounds, sorted, so that the median and the spread can be read off. CPU time is steadier than wall time
 * on a shared machine; this thread's ({@link #THIS_THREAD}) leaves out what other threads do meanwhile, the
 * process's ({@link #PROCESS}) counts the work of every thread, the garbage collector's too.
 */
record CpuRounds(double[] perItem) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU nanoseconds of the calling thread so far. */
    static final LongSupplier THIS_THREAD = THREADS::getCurrentThreadCpuTime;

    /** CPU nanoseconds of the whole process so far (Linux's clock ticks of 10 ms). */
    static final LongSupplier PROCESS = () -> {
        ProcessCpu cpu = ProcessCpu.now();
        return Math.round((cpu.userSeconds() + cpu.systemSeconds()) * 1e9);
    };

    static CpuRounds measure(int warmUps, int items, Runnable round) {
        return inTurn(THIS_THREAD, warmUps, items, round)[0];
    }

    /**
     * Rounds of each piece of work in turn — a round of the first, a round of the second, and again — so that a
     * change of the machine's speed during the run falls on both alike: the fair way to compare two ways of
     * doing the same work on a shared machine.
     */
    static CpuRounds[] inTurn(LongSupplier cpuNanos, int warmUps, int items, Runnable... rounds) {
        double[][] perItem = new double[rounds.length][8];
        for (int r = -warmUps; r < 8; r++) {
            for (int w = 0; w < rounds.length; w++) {
                long cpu = cpuNanos.getAsLong();
                rounds[w].run();
                if (r >= 0) {
                    perItem[w][r] = (cpuNanos.getAsLong() - cpu) / 1e3 / items;
                }
            }
        }
        CpuRounds[] measured = new CpuRounds[rounds.length];
        for (int w = 0; w < rounds.length; w++) {
            Arrays.sort(perItem[w]);
            measured[w] = new CpuRounds(perItem[w]);
        }
        return measured;
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
