package dev.llmrouter.route;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the rate of routed requests over a sliding window and decides, with hysteresis, whether
 * the instance sheds load: it starts when the rate passes the policy's {@code enter-rps} and stops only
 * once the rate is below {@code exit-rps} and {@code hold} has passed since the rate was last above
 * {@code enter-rps}. One monitor per pipeline instance, shared by its stream tasks, so the rate is the
 * instance's. Time comes from the caller, so tests are deterministic. Thread-safe.
 */
public final class LoadMonitor {

    /** Whether routing sheds load now, and the rate that decided it (requests per second). */
    public record State(boolean shedding, double rate) {
    }

    private static final Logger log = LoggerFactory.getLogger(LoadMonitor.class);
    private static final long BUCKET_MILLIS = 100;
    /** Windows up to one minute: the policy loader rejects longer ones. */
    static final Duration MAX_WINDOW = Duration.ofMinutes(1);
    private static final int BUCKETS = (int) (MAX_WINDOW.toMillis() / BUCKET_MILLIS);

    private final long[] counts = new long[BUCKETS];
    private final long[] bucketIds = new long[BUCKETS];
    private final Counter entered;
    private final Counter exited;
    private boolean shedding;
    private Instant lastAbove = Instant.EPOCH;
    private double lastRate;

    public LoadMonitor(MeterRegistry meters) {
        this.entered = Counter.builder("llmrouter.route.load.shifts").tag("direction", "enter")
                .description("Times routing started shifting one tier cheaper under load").register(meters);
        this.exited = Counter.builder("llmrouter.route.load.shifts").tag("direction", "exit")
                .description("Times routing stopped shifting under load").register(meters);
        Gauge.builder("llmrouter.route.load.shedding", this, monitor -> monitor.sheddingNow() ? 1 : 0)
                .description("1 while routing shifts one tier cheaper under load").register(meters);
        Gauge.builder("llmrouter.route.request.rate", this, LoadMonitor::rateNow)
                .description("Routed requests per second over the load window, this instance").baseUnit("requests/s").register(meters);
    }

    /** Counts one request at {@code now} and returns the state that applies to it. */
    public synchronized State record(Instant now, LoadRules rules) {
        long bucket = Math.floorDiv(now.toEpochMilli(), BUCKET_MILLIS);
        int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
        if (bucketIds[slot] != bucket) {
            bucketIds[slot] = bucket;
            counts[slot] = 0;
        }
        counts[slot]++;
        double rate = rate(bucket, rules.window());
        lastRate = rate;
        if (!rules.enabled()) {
            shedding = false;
            return new State(false, rate);
        }
        if (rate > rules.enterRps()) {
            lastAbove = now;
            if (!shedding) {
                shedding = true;
                entered.increment();
                log.warn("Load downgrade on: {} req/s over {} s passed enter-rps {}; routing one tier cheaper for at least {}",
                        String.format("%.1f", rate), rules.window().toSeconds(), rules.enterRps(), rules.hold());
            }
        } else if (shedding && rate < rules.exitRps() && !now.isBefore(lastAbove.plus(rules.hold()))) {
            shedding = false;
            exited.increment();
            log.warn("Load downgrade off: {} req/s below exit-rps {} after holding {}", String.format("%.1f", rate),
                    rules.exitRps(), rules.hold());
        }
        return new State(shedding, rate);
    }

    private double rate(long currentBucket, Duration window) {
        long buckets = Math.min(BUCKETS, Math.max(1, window.toMillis() / BUCKET_MILLIS));
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketIds[i] > currentBucket - buckets && bucketIds[i] <= currentBucket) {
                total += counts[i];
            }
        }
        return total * 1000.0 / (buckets * BUCKET_MILLIS);
    }

    private synchronized boolean sheddingNow() {
        return shedding;
    }

    private synchronized double rateNow() {
        return lastRate;
    }
}
