package dev.llmrouter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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
            return millis(Path.of("/proc", String.valueOf(pid), "stat"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU milliseconds the JIT compiler threads of a HotSpot JVM ({@code C1 CompilerThreadN}, {@code C2 CompilerThreadN})
     * have used so far, or -1 where {@code /proc} is not available. Compiler threads that ended no longer count.
     */
    static long compilerMillis(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return tasks.mapToLong(ProcessCpu::compilerThreadMillis).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long compilerThreadMillis(Path task) {
        try {
            String name = Files.readString(task.resolve("comm"));
            return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? millis(task.resolve("stat")) : 0;
        } catch (IOException e) {
            return 0; // the thread ended meanwhile
        }
    }

    private static long millis(Path stat) throws IOException {
        String line = Files.readString(stat);
        // The command name (field 2) may contain spaces; the fields after it are fixed.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }
}
