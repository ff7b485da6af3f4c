package dev.llmrouter.analytics;

import dev.llmrouter.outcome.BilledAttempts;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptBilling;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.SpendTotals;
import dev.llmrouter.topics.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The spend stage: hourly spend aggregates of every billed call, per user and per provider/model, in one
 * window store ({@value #STORE}) that interactive queries read; daily figures are sums of hours. Each
 * aggregate also adds up what the same tokens would have cost on the premium model, so the saving of
 * routing is a query, not a report.
 *
 * <p>It reads the responses the route stage settled, so each request counts once however often a worker
 * answered it, and each response brings its request's billed calls ({@link BilledAttempts}). Responses are
 * keyed by user: a user's windows live in the user's task, and every task keeps its own part of each
 * model's windows, which queries add up across tasks and instances. Nothing is repartitioned.
 */
public final class SpendStage {

    public static final String NAME = "spend";
    /** Hourly {@link SpendTotals}, keyed by {@link SpendDimension#key}. */
    public static final String STORE = "spend-hourly-store";
    static final Duration HOUR = Duration.ofHours(1);

    private final SpendConfig config;
    private final Topics topics;

    public SpendStage(SpendConfig config, Topics topics) {
        this.config = config;
        this.topics = topics;
    }

    /** The key of the per-model aggregates: {@code provider/model}. */
    public static String modelOf(Attempt attempt) {
        return attempt.getTarget().getProvider() + "/" + attempt.getTarget().getModel();
    }

    /** @param settled each answered request's first response, keyed by user id (see {@code RouteStage#addTo}) */
    public void addTo(StreamsBuilder builder, KStream<String, LlmResponse> settled) {
        // Cached: a busy model's window is updated by every response of the commit interval, and only the last write
        // reaches RocksDB and the changelog.
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, config.retention(), HOUR, false),
                Serdes.String(), topics.avroSerde(SpendTotals.class)).withCachingEnabled());
        settled.process(Aggregate::new, Named.as(NAME), STORE);
    }

    /** Adds each billed call of a response to its user's and its model's hour. */
    private final class Aggregate implements Processor<String, LlmResponse, Void, Void> {

        private ProcessorContext<Void, Void> context;
        private WindowStore<String, SpendTotals> windows;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.windows = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, LlmResponse> record) {
            LlmResponse response = record.value();
            for (Attempt attempt : BilledAttempts.of(response)) {
                AttemptBilling billing = attempt.getBilling();
                long at = billing.getOccurredAt().toEpochMilli();
                long start = at - Math.floorMod(at, HOUR.toMillis());
                // As a windowed aggregation of the DSL does: a call later than its window's end plus the grace is dropped.
                if (start + HOUR.toMillis() + config.grace().toMillis() <= context.currentStreamTimeMs()) {
                    continue;
                }
                long premium = config.baseline().premiumCostMicros(billing);
                add(SpendDimension.USER.key(response.getUserId()), start, billing, premium);
                add(SpendDimension.MODEL.key(modelOf(attempt)), start, billing, premium);
            }
        }

        private void add(String key, long start, AttemptBilling billing, long premium) {
            SpendTotals sum = windows.fetch(key, start);
            windows.put(key, SpendTotalsMath.add(sum == null ? SpendTotalsMath.empty() : sum, billing, premium), start);
        }
    }
}
