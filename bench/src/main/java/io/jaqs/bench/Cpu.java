package io.jaqs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** CPU time of this JVM and of local processes by name, for the CPU-per-message figures. */
final class Cpu {
    /** Linux reports process times in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private Cpu() {
    }

    /** CPU time this JVM has used (all its threads: the application, the broker, the JIT and GC). */
    static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * User + system CPU time of the live local processes whose command name starts with
     * {@code name} (from /proc; -1 where there is no /proc). Processes that ended since the last
     * look are not counted: PostgreSQL's backends live as long as their connections, which the
     * store keeps pooled through a workload.
     */
    static long processesNanos(String name) {
        Path proc = Paths.get("/proc");
        if (!Files.isDirectory(proc)) {
            return -1;
        }
        long ticks = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path pid : pids) {
                String stat;
                try {
                    stat = Files.readString(pid.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the process ended while we looked
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open || !stat.substring(open + 1, close).startsWith(name)) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15 of stat)
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * NANOS_PER_TICK;
    }
}
