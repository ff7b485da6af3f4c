package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.provider.TokenUsage;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.CacheStatus;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RequestHints;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.support.Requests;
import dev.llmrouter.support.TopicConsumers;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the whole pipeline, against the provider simulator's prompt caches: a session whose long
 * system prompt first went to a standard model keeps landing there for its simple follow-ups, because
 * the warm cache makes it cheaper than the economy model, and the cost events show the cached tokens
 * billed at the cached price.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class CacheAffinityIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String POLICY = """
            version: cache-it-1
            tiers:
              economy: [gemini/gemini-2.5-flash-lite]
              standard: [openai/gpt-5-mini]
            default-tier: economy
            default-output-tokens: 50
            cache:
              min-prefix-tokens: 1024
              ttl: {default: 5m}
            """;
    /** About 5,000 tokens: well above the providers' 1,024-token caching minimum. */
    private static final String SYSTEM_PROMPT = "You answer questions about the ACME 3000 manual, section by section. ".repeat(300);

    @Test
    void shouldKeepASessionOnTheCachedModelAndBillTheCachedTokensAtTheDiscount(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                                 @TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults())) {
            PipelineConfig config = new PipelineConfig(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    Map.of("schema.registry.url", registry.url()), 2, (short) 1, StreamsSettings.defaults(dir.resolve("state")),
                    ClassifyConfig.defaults(), WorkerConfig.defaults().withAttemptTimeout(Duration.ofSeconds(10)), 1,
                    EmbeddedStack.simulatedProviders(simulator::baseUrl), policy, null);
            try (Pipeline pipeline = Pipeline.start(config);
                 var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                         pipeline.topics().requests().keySerde().serializer(), pipeline.topics().requests().valueSerde().serializer());
                 var responses = TopicConsumers.readCommitted(kafka.bootstrapServers(), pipeline.topics().responses(), "cache-it-" + Topics.RESPONSES);
                 var costs = TopicConsumers.readCommitted(kafka.bootstrapServers(), pipeline.topics().costEvents(), "cache-it-" + Topics.COST_EVENTS)) {
                Topics topics = pipeline.topics();
                List<LlmResponse> answers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    PromptRequest request = Requests.prompt("ada", "Question " + i + ": what does the red light mean?");
                    request.setSystemPrompt(SYSTEM_PROMPT);
                    request.setSessionId("manual-session");
                    request.setMaxOutputTokens(50);
                    if (i == 0) {
                        request.setHints(RequestHints.newBuilder().setMinTier(Tier.STANDARD).build());
                    }
                    producer.send(new ProducerRecord<>(Topics.REQUESTS, "ada", request)).get();
                    answers.add(await(responses, request.getRequestId()));
                    awaitWarmCache(pipeline);
                }

                assertThat(answers).allSatisfy(answer -> {
                    assertThat(answer.getStatus()).isEqualTo(ResponseStatus.OK);
                    assertThat(answer.getProvider() + "/" + answer.getModel()).isEqualTo("openai/gpt-5-mini");
                });
                assertThat(answers.subList(1, 4)).allSatisfy(answer -> {
                    assertThat(answer.getDecision().getReason()).isEqualTo(RouteReason.CACHE_AFFINITY);
                    assertThat(answer.getDecision().getTier()).isEqualTo(Tier.ECONOMY);
                });
                List<CostEvent> events = drain(costs);
                assertThat(events).hasSize(4);
                assertThat(events.getFirst().getCachedInputTokens()).isZero();
                var price = pipeline.catalog().price("openai", "gpt-5-mini").orElseThrow();
                for (CostEvent event : events.subList(1, 4)) {
                    assertThat(event.getCachedInputTokens()).as("cached tokens of a follow-up").isGreaterThan(1_000);
                    long uncached = price.costMicros(TokenUsage.of(event.getInputTokens(), event.getOutputTokens()));
                    assertThat(event.getCostMicros()).as("cost with the cache discount").isLessThan(uncached / 2);
                }
            }
        }
    }

    private static void awaitWarmCache(Pipeline pipeline) throws InterruptedException {
        var store = pipeline.streams().orElseThrow().streams().store(StoreQueryParameters.fromNameAndType(RouteStage.CACHE_STORE,
                QueryableStoreTypes.<String, CacheStatus>keyValueStore()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (store.approximateNumEntries() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static LlmResponse await(KafkaConsumer<String, LlmResponse> consumer, String requestId) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(100))) {
                if (record.value().getRequestId().equals(requestId)) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("no response to " + requestId + " within " + TIMEOUT);
    }

    private static List<CostEvent> drain(KafkaConsumer<String, CostEvent> consumer) {
        List<CostEvent> events = new ArrayList<>();
        for (int quiet = 0; quiet < 3; ) {
            var records = consumer.poll(Duration.ofMillis(300));
            records.forEach(record -> events.add(record.value()));
            quiet = records.isEmpty() ? quiet + 1 : 0;
        }
        events.sort(java.util.Comparator.comparing(CostEvent::getOccurredAt));
        return events;
    }
}
