package dev.llmrouter.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A warm-up that lasts until the JIT compilers of the measured JVMs have settled. A fresh JVM running a broker, Kafka
 * Streams and HTTP clients compiles for well over a minute: at 30 s its compiler threads still used two thirds of a
 * core, and the ingress benchmark measured half the throughput it reached once they had settled
 * (docs/PERFORMANCE.md). Load is offered in slices; after each, the compilers' share of one core over that slice is
 * compared with {@link #SETTLED_SHARE}.
 *
 * @param minimum   warm up at least this long, settled or not
 * @param limit     stop after this long even if the compilers have not settled (reported as not settled)
 * @param slice     the length of one slice of load
 * @param compilers CPU milliseconds the measured JVMs' compiler threads have used so far; negative where unknown
 */
record JitWarmUp(Duration minimum, Duration limit, Duration slice, LongSupplier compilers) {

    /** Compiler threads using less than this share of one core over a slice count as settled. */
    static final double SETTLED_SHARE = 0.05;

    /** Slices of 10 s, watching the compiler threads of the given processes. */
    static JitWarmUp of(Duration minimum, Duration limit, Collection<Long> pids) {
        return new JitWarmUp(minimum, limit.compareTo(minimum) < 0 ? minimum : limit, Duration.ofSeconds(10),
                () -> pids.stream().mapToLong(ProcessCpu::compilerMillis).reduce(0, (a, b) -> a < 0 || b < 0 ? -1 : a + b));
    }

    /** One slice of load of the given length, run to its end (answers awaited). */
    @FunctionalInterface
    interface Load {
        void run(Duration length) throws Exception;
    }

    /**
     * @param seconds        how long the warm-up took
     * @param settled        whether the compilers had settled when it ended; unknown (no {@code /proc}) counts as not
     * @param compilerShare  the compilers' share of one core over the last slice, or -1 where unknown
     */
    record Outcome(double seconds, boolean settled, double compilerShare) {

        void report(String prefix, Map<String, Object> result) {
            result.put(prefix + "warmup_seconds", Math.round(seconds));
            result.put(prefix + "warmup_jit_settled", settled);
            result.put(prefix + "warmup_jit_core_share", Math.round(compilerShare * 1000) / 1000.0);
        }
    }

    Outcome run(Load load, PrintStream out) throws Exception {
        long start = System.nanoTime();
        while (true) {
            long before = compilers.getAsLong();
            long sliceStart = System.nanoTime();
            load.run(slice);
            long after = compilers.getAsLong();
            double wallMs = Math.max(1e-3, (System.nanoTime() - sliceStart) / 1e6);
            double share = before < 0 || after < 0 ? -1 : Math.max(0, after - before) / wallMs;
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            boolean settled = share >= 0 && share < SETTLED_SHARE;
            boolean minimumDone = took.compareTo(minimum) >= 0;
            if (minimumDone && (settled || share < 0) || took.compareTo(limit) >= 0) {
                out.printf("    warmed up for %d s; JIT compilers at %s of a core%s%n", took.toSeconds(), percent(share),
                        settled ? "" : " (not settled)");
                return new Outcome(took.toNanos() / 1e9, settled, share);
            }
            out.printf("    after %d s: JIT compilers at %s of a core, warming up on ...%n", took.toSeconds(), percent(share));
        }
    }

    private static String percent(double share) {
        return share < 0 ? "an unknown share" : Math.round(share * 100) + "%";
    }
}
