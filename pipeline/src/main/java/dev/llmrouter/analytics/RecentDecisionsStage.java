package dev.llmrouter.analytics;

import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.serde.AvroRecords;
import dev.llmrouter.topics.Topic;
import dev.llmrouter.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps the newest routing decisions with their outcome, from {@code llm-responses}: every answered,
 * failed, refused or invalid request, with its tier, model and route reason, for the dashboard. Each
 * partition's task keeps the last {@code capacity} in a ring of slots in {@value #STORE}, so the store
 * stays the same size whatever the traffic (a store of every response of the last hour would hold
 * millions at a few thousand requests a second). The answer text is dropped: the store is about
 * routing, and prompts and answers do not belong in an operator's view.
 *
 * <p>The slots written since the last flush are put into the store once per {@link #FLUSH_INTERVAL}
 * (wall-clock punctuation), each with its newest decision, not once per response: at a few thousand
 * responses a second, copying and serialising every response into the store was a tenth of the stream
 * thread's time (docs/PERFORMANCE.md, session 8), for slots overwritten several times a second. The view is
 * therefore up to a second behind, and a crash loses at most that second of it; nothing else reads it.
 */
public final class RecentDecisionsStage {

    public static final String NAME = "recent-decisions";
    public static final String STORE = "recent-decisions-store";
    public static final int DEFAULT_CAPACITY = 100;
    /** How often the decisions of the last interval are written to the store. */
    public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

    private final Topics topics;
    private final int capacity;

    public RecentDecisionsStage(Topics topics) {
        this(topics, DEFAULT_CAPACITY);
    }

    /** @param capacity decisions kept per partition */
    public RecentDecisionsStage(Topics topics, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.topics = topics;
        this.capacity = capacity;
    }

    public void addTo(StreamsBuilder builder) {
        Topic<String, LlmResponse> source = topics.responses();
        // Cached: a busy ring overwrites each slot many times per commit, and only the last write reaches RocksDB.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Integer(), source.valueSerde())
                .withCachingEnabled());
        builder.stream(source.name(), Consumed.with(source.keySerde(), source.valueSerde()).withName(NAME + "-source"))
                .process(Remember::new, Named.as(NAME), STORE);
    }

    /** The slot after the one holding the newest decision; 0 for an empty ring. */
    static int nextSlot(Iterator<KeyValue<Integer, LlmResponse>> slots, int capacity) {
        Instant newest = Instant.MIN;
        int next = 0;
        while (slots.hasNext()) {
            KeyValue<Integer, LlmResponse> slot = slots.next();
            if (slot.key < capacity && slot.value.getCompletedAt().isAfter(newest)) {
                newest = slot.value.getCompletedAt();
                next = (slot.key + 1) % capacity;
            }
        }
        return next;
    }

    /** The response as the store keeps it: without the answer text; a shallow copy, the parts are not changed. */
    static LlmResponse withoutContent(LlmResponse response) {
        LlmResponse kept = AvroRecords.shallowCopy(response, new LlmResponse());
        kept.setContent(null);
        return kept;
    }

    private final class Remember implements Processor<String, LlmResponse, Void, Void> {

        private KeyValueStore<Integer, LlmResponse> slots;
        /** Slots written since the last flush, with their newest decision. */
        private final Map<Integer, LlmResponse> pending = new HashMap<>();
        private int next;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.slots = context.getStateStore(STORE);
            // After a restart or a move, continue after the newest slot rather than overwrite it.
            try (KeyValueIterator<Integer, LlmResponse> all = slots.all()) {
                next = nextSlot(all, capacity);
            }
            context.schedule(FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> flush());
        }

        @Override
        public void process(Record<String, LlmResponse> record) {
            LlmResponse response = record.value();
            if (response == null) {
                return;
            }
            // A slot overwritten before the flush keeps only its newest decision: at most one put per slot per interval.
            pending.put(next, response);
            next = (next + 1) % capacity;
        }

        private void flush() {
            pending.forEach((slot, response) -> slots.put(slot, withoutContent(response)));
            pending.clear();
        }
    }
}
