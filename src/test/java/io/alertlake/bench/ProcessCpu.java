package io.alertlake.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole process's CPU time so far, user and system apart, as Linux counts it ({@code /proc/self/stat},
 * clock ticks of 10 ms); zero elsewhere. On a shared machine whose speed drifts, CPU time per delivery is a
 * steadier figure than wall time, and system time shows what the kernel does for us (page faults of a growing
 * heap, file writes).
 */
record ProcessCpu(double userSeconds, double systemSeconds) {

    static ProcessCpu now() {
        try {
            long[] ticks = userAndSystemTicks(Files.readString(Path.of("/proc/self/stat")));
            return new ProcessCpu(ticks[0] / 100.0, ticks[1] / 100.0);
        } catch (Exception e) {
            return new ProcessCpu(0, 0);
        }
    }

    /** User and system clock ticks of a {@code /proc/…/stat} line (a process's or one of its threads'). */
    static long[] userAndSystemTicks(String stat) {
        // the command name (field 2) may hold spaces: fields are counted after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    ProcessCpu minus(ProcessCpu earlier) {
        return new ProcessCpu(userSeconds - earlier.userSeconds, systemSeconds - earlier.systemSeconds);
    }

    ProcessCpu plus(ProcessCpu other) {
        return new ProcessCpu(userSeconds + other.userSeconds, systemSeconds + other.systemSeconds);
    }
}
