package dev.llmrouter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from {@code /proc/<pid>/stat} (Linux). On a shared machine throughput depends
 * on what else runs, CPU time per request much less: it tells what a request costs, and what the machine's
 * cores could carry if the pipeline had them to itself.
 */
final class ProcessCpu {

    /** Clock ticks per second of {@code utime}/{@code stime}; 100 on every Linux configuration in use. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** User plus system CPU milliseconds of the process so far, or -1 where {@code /proc} is not available. */
    static long millis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command name (field 2) may contain spaces; the fields after it are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
