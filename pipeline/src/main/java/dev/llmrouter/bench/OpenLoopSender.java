package dev.llmrouter.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Offers requests at a fixed rate whatever the system under test does (open loop): each request has a
 * scheduled send time, and latency is measured from it, so a stalled producer or pipeline shows up as
 * latency instead of silently lowering the offered load (no coordinated omission).
 */
final class OpenLoopSender {

    /**
     * The sender wakes at most once per tick and sends every request due by then. Parking for half an interval, as it
     * did, woke it 4,000-5,000 times a second at 2,000-5,000 requests/s, and each wake-up cost 14-30 µs of the CPU the
     * system under test shares (docs/PERFORMANCE.md, session 11); a request sent up to a tick late still counts as
     * late, since latency runs from its scheduled time.
     */
    static final long TICK_NANOS = 1_000_000;

    /** Sends request {@code seq} of a run; asynchronous, must not block for long. */
    @FunctionalInterface
    interface Emitter {
        void emit(String id, int seq);
    }

    private OpenLoopSender() {
    }

    /**
     * Sends {@code run.size()} requests at {@code perSecond}, or as fast as the emitter takes them when
     * {@code perSecond} is 0, recording each one's scheduled time in the run.
     */
    static void send(ArrivalTracker.Run run, int perSecond, Emitter emitter) {
        int count = run.size();
        long start = System.nanoTime();
        if (perSecond <= 0) {
            for (int seq = 0; seq < count; seq++) {
                run.scheduled(seq, System.nanoTime());
                emitter.emit(run.id(seq), seq);
            }
            return;
        }
        double interval = 1e9 / perSecond;
        int sent = 0;
        while (sent < count) {
            long elapsed = System.nanoTime() - start;
            int due = (int) Math.min(count, elapsed / interval + 1);
            for (; sent < due; sent++) {
                run.scheduled(sent, start + (long) (sent * interval));
                emitter.emit(run.id(sent), sent);
            }
            if (sent < count) {
                long untilNext = start + (long) (sent * interval) - System.nanoTime();
                LockSupport.parkNanos(Math.max(TICK_NANOS, untilNext));
            }
        }
    }
}
