package dev.llmrouter.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Scheduled outage windows; read on every request without locking, written rarely. */
final class Outages {

    private record Window(String target, long fromNanos, long untilNanos) {
    }

    private final CopyOnWriteArrayList<Window> windows = new CopyOnWriteArrayList<>();

    void schedule(OutageWindow outage, long nowNanos) {
        windows.removeIf(w -> w.untilNanos() - nowNanos <= 0);
        long from = nowNanos + outage.startAfter().toNanos();
        windows.add(new Window(outage.target(), from, from + outage.duration().toNanos()));
    }

    boolean active(String model, WireFormat format, long nowNanos) {
        for (Window w : windows) {
            boolean targeted = w.target().equals(model) || w.target().equalsIgnoreCase(format.id());
            if (targeted && nowNanos - w.fromNanos() >= 0 && w.untilNanos() - nowNanos > 0) {
                return true;
            }
        }
        return false;
    }

    /** Windows not yet over, with times relative to {@code nowNanos}. */
    List<OutageWindow> pending(long nowNanos) {
        return windows.stream()
                .filter(w -> w.untilNanos() - nowNanos > 0)
                .map(w -> {
                    long start = Math.max(nowNanos, w.fromNanos());
                    return new OutageWindow(w.target(), Duration.ofNanos(start - nowNanos),
                            Duration.ofNanos(w.untilNanos() - start));
                })
                .toList();
    }

    void clear() {
        windows.clear();
    }
}
