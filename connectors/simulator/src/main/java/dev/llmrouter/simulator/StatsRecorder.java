package dev.llmrouter.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Lock-free counters behind {@link SimulatorStats}; thousands of concurrent requests update them. */
final class StatsRecorder {

    private final Map<String, LongAdder> byFormat = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byModel = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    void started(WireFormat format) {
        byFormat.computeIfAbsent(format.id(), k -> new LongAdder()).increment();
        long now = inFlight.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
    }

    void model(String model) {
        byModel.computeIfAbsent(model, k -> new LongAdder()).increment();
    }

    void answered(int status) {
        byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    void reset() {
        byFormat.clear();
        byModel.clear();
        byStatus.clear();
        peak.set(inFlight.get());
    }

    SimulatorStats snapshot() {
        return new SimulatorStats(sums(byFormat), sums(byModel), sums(byStatus), inFlight.get(), peak.get());
    }

    private static <K> Map<K, Long> sums(Map<K, LongAdder> counters) {
        return counters.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum(), Long::sum));
    }
}
