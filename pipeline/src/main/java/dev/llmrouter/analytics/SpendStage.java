package dev.llmrouter.analytics;

import dev.llmrouter.outcome.CountedAttempts;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.SpendTotals;
import dev.llmrouter.topics.Topic;
import dev.llmrouter.topics.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The spend stage: windowed spend aggregates from {@code llm-cost-events}, per user and per
 * provider/model, per UTC hour and day, in four window stores that interactive queries read. Each
 * aggregate also adds up what the same tokens would have cost on the premium model, so the saving of
 * routing is a query, not a report.
 *
 * <p>Workers may write a cost event twice (a redelivered dispatch repeats its call): events are
 * counted once per {@code (requestId, attempt)} within {@link SpendConfig#dedupWindow()} of the
 * request's creation, remembered in {@value #DEDUP_STORE} ({@link CountedAttempts}). Cost events are
 * keyed by user, so the per-user aggregates need no repartition; the per-model ones go through one.
 */
public final class SpendStage {

    public static final String NAME = "spend";
    public static final String USER_HOURLY_STORE = "spend-user-hourly";
    public static final String USER_DAILY_STORE = "spend-user-daily";
    public static final String MODEL_HOURLY_STORE = "spend-model-hourly";
    public static final String MODEL_DAILY_STORE = "spend-model-daily";
    public static final String DEDUP_STORE = "spend-dedup-store";

    private final SpendConfig config;
    private final Topics topics;

    public SpendStage(SpendConfig config, Topics topics) {
        this.config = config;
        this.topics = topics;
    }

    /** The store holding the aggregates of one dimension and window size. */
    public static String storeOf(SpendDimension dimension, SpendWindow window) {
        return switch (dimension) {
            case USER -> window == SpendWindow.HOUR ? USER_HOURLY_STORE : USER_DAILY_STORE;
            case MODEL -> window == SpendWindow.HOUR ? MODEL_HOURLY_STORE : MODEL_DAILY_STORE;
        };
    }

    /** The key of the per-model aggregates: {@code provider/model}. */
    public static String modelKey(CostEvent event) {
        return event.getProvider() + "/" + event.getModel();
    }

    public void addTo(StreamsBuilder builder) {
        builder.addStateStore(CountedAttempts.store(DEDUP_STORE, config.dedupWindow()));
        Topic<String, CostEvent> source = topics.costEvents();
        KStream<String, CostEvent> events = builder
                .stream(source.name(), Consumed.with(source.keySerde(), source.valueSerde()).withName(NAME + "-source"))
                .processValues(FirstDelivery::new, Named.as(NAME + "-dedup"), DEDUP_STORE);

        Serde<SpendTotals> totals = topics.avroSerde(SpendTotals.class);
        KGroupedStream<String, CostEvent> byUser = events.groupByKey(Grouped.with(NAME + "-by-user", Serdes.String(), source.valueSerde()));
        KGroupedStream<String, CostEvent> byModel = events.groupBy((user, event) -> modelKey(event),
                Grouped.with(NAME + "-by-model", Serdes.String(), source.valueSerde()));
        aggregate(byUser, SpendWindow.HOUR, USER_HOURLY_STORE, config.hourlyRetention(), totals);
        aggregate(byUser, SpendWindow.DAY, USER_DAILY_STORE, config.dailyRetention(), totals);
        aggregate(byModel, SpendWindow.HOUR, MODEL_HOURLY_STORE, config.hourlyRetention(), totals);
        aggregate(byModel, SpendWindow.DAY, MODEL_DAILY_STORE, config.dailyRetention(), totals);
    }

    private void aggregate(KGroupedStream<String, CostEvent> grouped, SpendWindow window, String store, Duration retention,
                           Serde<SpendTotals> totals) {
        grouped.windowedBy(TimeWindows.ofSizeAndGrace(window.size(), config.grace()))
                .aggregate(SpendTotalsMath::empty, (key, event, sum) -> SpendTotalsMath.add(sum, event,
                                config.baseline().premiumCostMicros(event)), Named.as(store),
                        Materialized.<String, SpendTotals, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String()).withValueSerde(totals).withRetention(retention));
    }

    /** Passes on the first delivery of each (requestId, attempt) and drops repeats. */
    private static final class FirstDelivery implements FixedKeyProcessor<String, CostEvent, CostEvent> {

        private FixedKeyProcessorContext<String, CostEvent> context;
        private CountedAttempts counted;

        @Override
        public void init(FixedKeyProcessorContext<String, CostEvent> context) {
            this.context = context;
            this.counted = new CountedAttempts(context, DEDUP_STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, CostEvent> record) {
            CostEvent event = record.value();
            if (event == null || counted.counted(event)) {
                return;
            }
            counted.remember(event);
            context.forward(record);
        }
    }
}
