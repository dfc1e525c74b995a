package io.alertlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time so far of this process's live threads, summed by what they do, as Linux counts it
 * ({@code /proc/self/task/*}{@code /stat}, user and system, clock ticks of 10 ms); empty elsewhere. Two snapshots
 * give where a stretch of work spent its CPU: the consumer's own threads, the garbage collector's, the JIT
 * compiler's. A thread that ends between two snapshots takes its time with it.
 */
record ThreadCpu(Map<String, Long> ticks) {

    static ThreadCpu now() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                long[] userAndSystem = ProcessCpu.userAndSystemTicks(stat);
                ticks.merge(group(name), userAndSystem[0] + userAndSystem[1], Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(ticks);
    }

    /** Thread names as Linux keeps them (15 characters), by what the threads do. */
    private static String group(String name) {
        if (name.startsWith("lake-writer")) {
            return "lake-writer";
        } else if (name.startsWith("raw-archive")) {
            return "raw archive";
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "garbage collector";
        } else if (name.contains("CompilerThre")) {
            return "JIT compiler";
        }
        return "other";
    }

    ThreadCpu minus(ThreadCpu earlier) {
        Map<String, Long> d = new TreeMap<>(ticks);
        earlier.ticks.forEach((k, v) -> d.merge(k, -v, Long::sum));
        return new ThreadCpu(d);
    }

    ThreadCpu plus(ThreadCpu other) {
        Map<String, Long> d = new TreeMap<>(ticks);
        other.ticks.forEach((k, v) -> d.merge(k, v, Long::sum));
        return new ThreadCpu(d);
    }

    double seconds(String group) {
        return ticks.getOrDefault(group, 0L) / 100.0;
    }
}
