package dev.llmrouter.analytics;

import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.topics.Topic;
import dev.llmrouter.topics.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps the routing decisions of the last {@link #RETENTION} with their outcome, from
 * {@code llm-responses}: every answered, failed, refused or invalid request, with its tier, model and
 * the route reason. The dashboard reads them through interactive queries. The answer text is dropped:
 * the store is about routing, and prompts and answers do not belong in an operator's view.
 */
public final class RecentDecisionsStage {

    public static final String NAME = "recent-decisions";
    public static final String STORE = "recent-decisions-store";
    public static final Duration RETENTION = Duration.ofHours(1);

    private final Topics topics;

    public RecentDecisionsStage(Topics topics) {
        this.topics = topics;
    }

    public void addTo(StreamsBuilder builder) {
        Topic<String, LlmResponse> source = topics.responses();
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(STORE, RETENTION, Duration.ofMillis(1), false),
                Serdes.String(), source.valueSerde()));
        builder.stream(source.name(), Consumed.with(source.keySerde(), source.valueSerde()).withName(NAME + "-source"))
                .process(Remember::new, Named.as(NAME), STORE);
    }

    private static final class Remember implements Processor<String, LlmResponse, Void, Void> {

        private WindowStore<String, LlmResponse> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, LlmResponse> record) {
            LlmResponse response = record.value();
            if (response == null) {
                return;
            }
            store.put(response.getRequestId(), LlmResponse.newBuilder(response).setContent(null).build(), record.timestamp());
        }
    }
}
