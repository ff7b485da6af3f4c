package dev.llmrouter.outcome;

import dev.llmrouter.schema.CostEvent;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The cost events a stream task has already counted, so a redelivered one is counted once. Workers may
 * write a cost event twice (a redelivered dispatch repeats its call): the repeat is a new call with a new
 * {@code occurredAt}, but of the same request and attempt number, so it carries the same
 * {@code requestId#attempt} and the same {@code requestCreatedAt}.
 *
 * <p>The pairs live in a window store with one-millisecond windows at the request's creation time, so
 * a check is one point lookup, and whole segments are dropped once they fall out of the window: a pair
 * is remembered while its request was created less than the window before the newest request the
 * task has counted (stream time of the store, restored with it). A repeat later than that cannot be
 * told from a first delivery and is counted again.
 *
 * <p>Counting and remembering happen in the processor that reads the event, so under exactly-once the
 * pair and whatever the count changed commit together.
 */
public final class CountedAttempts {

    /**
     * How long after its request's creation a repeated cost event is still recognised, unless a stage is
     * configured otherwise: a repeat follows its original by a worker's session timeout plus an attempt
     * chain, minutes, and the store grows with the cost events of this window.
     */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    private final WindowStore<String, Long> store;

    /** The task's view of {@code storeName}, a store built by {@link #store}. */
    public CountedAttempts(ProcessingContext context, String storeName) {
        this.store = context.getStateStore(storeName);
    }

    /**
     * A store of counted pairs that remembers each for {@code window}. Not cached: every key is written
     * once, so a cache saves no writes, and it would keep answering for pairs past the window.
     */
    public static StoreBuilder<WindowStore<String, Long>> store(String name, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window of " + name + " must be positive, was " + window);
        }
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, window, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long());
    }

    /** True when this request and attempt was counted before, within the window. */
    public boolean counted(CostEvent event) {
        return store.fetch(key(event), event.getRequestCreatedAt().toEpochMilli()) != null;
    }

    /** Remembers that this request and attempt is counted, with when its counted call happened. */
    public void remember(CostEvent event) {
        store.put(key(event), event.getOccurredAt().toEpochMilli(), event.getRequestCreatedAt().toEpochMilli());
    }

    private static String key(CostEvent event) {
        return event.getRequestId() + "#" + event.getAttempt();
    }
}
