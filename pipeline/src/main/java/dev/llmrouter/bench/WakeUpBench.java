package dev.llmrouter.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What it costs on this machine to put a thread to sleep and wake it, the cost every hand-off between
 * threads pays when the thread that takes over was idle: two threads passing a turn back and forth with
 * park and unpark, and a thread sleeping 200 µs at a time. At a moderate load most of a request's hops
 * find their thread idle, so this, not the work per record, sets what a request costs there (on a virtual
 * machine a wake-up can cost as much as parsing a small message). CPU time is this JVM's, from the
 * operating system.
 */
public final class WakeUpBench {

    /** Round trips of the ping-pong. */
    static final int ROUND_TRIPS = 200_000;
    /** How long the timed sleeps run. */
    static final long SLEEP_RUN_NANOS = 2_000_000_000L;
    private static final long SLEEP_NANOS = 200_000;

    private final PrintStream out;
    private volatile int turn;

    public WakeUpBench(PrintStream out) {
        this.out = out;
    }

    public Map<String, Object> run() throws InterruptedException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("load_average_at_start", PipelineBench.loadAverage());
        pingPong(ROUND_TRIPS / 10);
        out.printf("  %,d round trips between two threads, each waking the other ...%n", ROUND_TRIPS);
        long[] pingPong = pingPong(ROUND_TRIPS);
        // Each round trip wakes each thread once.
        result.put("handoff_cpu_us_per_wake_up", round(pingPong[0] / 1e3 / (2.0 * ROUND_TRIPS)));
        result.put("handoff_wall_us_per_round_trip", round(pingPong[1] / 1e3 / ROUND_TRIPS));
        out.printf("  a thread sleeping %d µs at a time, for %d s ...%n", SLEEP_NANOS / 1_000, SLEEP_RUN_NANOS / 1_000_000_000);
        long cpuBefore = cpuNanos();
        long started = System.nanoTime();
        long sleeps = 0;
        while (System.nanoTime() - started < SLEEP_RUN_NANOS) {
            LockSupport.parkNanos(SLEEP_NANOS);
            sleeps++;
        }
        long wall = System.nanoTime() - started;
        result.put("timed_sleep_cpu_us_per_wake_up", round((cpuNanos() - cpuBefore) / 1e3 / sleeps));
        result.put("timed_sleep_wall_us_per_sleep_of_200", round(wall / 1e3 / sleeps));
        result.put("load_average_at_end", PipelineBench.loadAverage());
        return result;
    }

    /** CPU and wall nanoseconds of {@code trips} round trips. */
    private long[] pingPong(int trips) throws InterruptedException {
        Thread[] players = new Thread[2];
        turn = 0;
        for (int i = 0; i < 2; i++) {
            int me = i;
            players[i] = Thread.ofPlatform().name("wake-up-bench-" + i).unstarted(() -> {
                for (int k = 0; k < trips; k++) {
                    while (turn != me) {
                        LockSupport.park(this);
                    }
                    turn = 1 - me;
                    LockSupport.unpark(players[1 - me]);
                }
            });
        }
        long cpuBefore = cpuNanos();
        long started = System.nanoTime();
        players[0].start();
        players[1].start();
        players[0].join();
        players[1].join();
        return new long[] {cpuNanos() - cpuBefore, System.nanoTime() - started};
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
