package dev.llmrouter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * How long the threads of some processes waited for a CPU over a run, from the kernel's per-thread scheduler
 * counters ({@code /proc/<pid>/task/<tid>/schedstat}: time on a CPU, time runnable but queued). On a machine whose
 * cores are shared by every part of the benchmark, the same code costs more or less from run to run; the average
 * number of threads waiting for a core says how crowded a run was. Threads that end during the run are not counted.
 * Linux only: elsewhere there is no figure.
 */
final class RunQueueWait {

    private final List<Long> pids;
    private final Map<String, Long> waitedAtStart;
    private final long start;

    private RunQueueWait(List<Long> pids) {
        this.pids = pids;
        this.waitedAtStart = waited(pids);
        this.start = System.nanoTime();
    }

    /** Starts counting for the threads of {@code pids}. */
    static RunQueueWait start(List<Long> pids) {
        return new RunQueueWait(List.copyOf(pids));
    }

    /** Threads of those processes waiting for a CPU since the start, on average; empty where the counters are not readable. */
    OptionalDouble threadsWaiting() {
        long elapsed = System.nanoTime() - start;
        Map<String, Long> now = waited(pids);
        if (now.isEmpty() || elapsed <= 0) {
            return OptionalDouble.empty();
        }
        long waited = 0;
        for (Map.Entry<String, Long> thread : now.entrySet()) {
            waited += thread.getValue() - waitedAtStart.getOrDefault(thread.getKey(), 0L);
        }
        return OptionalDouble.of(Math.round((double) waited / elapsed * 100) / 100.0);
    }

    /** Nanoseconds each thread has waited in the run queue so far, by {@code pid/tid}. */
    private static Map<String, Long> waited(List<Long> pids) {
        Map<String, Long> waited = new HashMap<>();
        for (long pid : pids) {
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            if (!Files.isDirectory(tasks)) {
                continue;
            }
            try (Stream<Path> threads = Files.list(tasks)) {
                threads.forEach(thread -> {
                    try {
                        String[] fields = Files.readString(thread.resolve("schedstat")).trim().split("\\s+");
                        waited.put(pid + "/" + thread.getFileName(), Long.parseLong(fields[1]));
                    } catch (NoSuchFileException e) {
                        // The thread ended between listing and reading.
                    } catch (IOException | RuntimeException e) {
                        // A kernel without schedstat: this thread has no figure.
                    }
                });
            } catch (IOException e) {
                // The process ended; its threads have no figure.
            }
        }
        return waited;
    }
}
