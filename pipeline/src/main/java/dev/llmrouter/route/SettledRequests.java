package dev.llmrouter.route;

import dev.llmrouter.outcome.BilledAttempts;
import dev.llmrouter.schema.LlmResponse;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The requests a stream task has settled, so a repeated response settles once. A worker may answer a
 * request twice (a redelivered dispatch repeats its calls): the repeat is a new response, but of the same
 * request id and the same request creation time.
 *
 * <p>Request ids live in a window store with one-millisecond windows at the request's creation time, so
 * a check is one point lookup, and whole segments are dropped once they fall out of the window: an id is
 * remembered while its request was created less than the window before the newest request the task has
 * settled (stream time of the store, restored with it). A repeat later than that cannot be told from a
 * first delivery and is settled again.
 *
 * <p>Checking and remembering happen in the processor that settles, so under exactly-once the id and
 * whatever settling changed commit together.
 */
final class SettledRequests {

    /**
     * How long after its creation a request's repeated response is still recognised, unless configured
     * otherwise: a repeat follows its original by a worker's session timeout plus an attempt chain, minutes,
     * and the store grows with the requests of this window.
     */
    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    private final WindowStore<String, Long> store;

    /** The task's view of {@code storeName}, a store built by {@link #store}. */
    SettledRequests(ProcessingContext context, String storeName) {
        this.store = context.getStateStore(storeName);
    }

    /**
     * A store of settled request ids that remembers each for {@code window}. Not cached: every key is written
     * once, so a cache saves no writes, and it would keep answering for ids past the window.
     */
    static StoreBuilder<WindowStore<String, Long>> store(String name, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window of " + name + " must be positive, was " + window);
        }
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, window, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long());
    }

    /** True, and remembered, when no response to this request was settled before within the window. */
    boolean first(LlmResponse response) {
        long created = BilledAttempts.requestCreatedAt(response).toEpochMilli();
        if (store.fetch(response.getRequestId(), created) != null) {
            return false;
        }
        store.put(response.getRequestId(), response.getCompletedAt().toEpochMilli(), created);
        return true;
    }
}
