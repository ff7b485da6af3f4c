package dev.llmrouter.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.support.Requests;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.ResilienceSettings;
import dev.llmrouter.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The primary model of a tier goes down (503), comes back, then answers every call with 429 and a
 * Retry-After. Through the whole pipeline: requests fail over to the chain's fallback, the primary's circuit
 * opens so later requests skip it, it is tried again after the cooldown and serves again; every request is
 * answered, and responses and cost events say which model served it and why.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class ProviderOutageAndRateLimitStormIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COOLDOWN = Duration.ofSeconds(2);
    private static final int BATCH = 30;

    @Test
    void shouldFailOverCoolDownAndRecoverThroughAnOutageAndA429Storm(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                    @TempDir Path dir) throws Exception {
        // Short backoff and cooldown, and a circuit that judges a model after 5 calls, so the test takes seconds.
        ResilienceSettings resilience = new ResilienceSettings(2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5),
                50f, 10, 5, COOLDOWN, Map.of());
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults());
             Probe probe = new Probe(kafka.bootstrapServers(), registry.url())) {
            PipelineConfig config = new PipelineConfig(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    Map.of("schema.registry.url", registry.url()), 2, (short) 1, StreamsSettings.defaults(dir), ClassifyConfig.defaults(),
                    WorkerConfig.defaults().withResilience(resilience), 1, EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null);
            try (Pipeline pipeline = Pipeline.start(config)) {
                // Given the chain the policy picks for a simple question
                LlmResponse first = probe.ask(List.of(Requests.prompt("probe", "What is 2 + 2?"))).getFirst();
                ModelRef primary = first.getDecision().getPrimary();
                ModelRef fallback = first.getDecision().getFallbacks().getFirst();
                assertThat(first.getModel()).isEqualTo(primary.getModel());

                // When the primary is down, requests fail over and its circuit opens
                simulator.outage(primary.getModel(), Duration.ofMinutes(5));
                List<LlmResponse> duringOutage = probe.ask(questions("outage", BATCH));
                assertThat(duringOutage).allSatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK);
                    assertThat(r.getProvider()).isEqualTo(fallback.getProvider());
                    assertThat(r.getModel()).isEqualTo(fallback.getModel());
                });
                Map<AttemptOutcome, Long> outageOutcomes = outcomesOn(primary, duringOutage);
                assertThat(outageOutcomes.get(AttemptOutcome.UNAVAILABLE)).as("calls that reached the failing primary").isPositive();
                assertThat(outageOutcomes.get(AttemptOutcome.CIRCUIT_OPEN)).as("requests that skipped it once the circuit opened")
                        .isPositive();
                assertThat(outageOutcomes.get(AttemptOutcome.UNAVAILABLE)).isLessThan(2L * BATCH);
                assertCharged(probe.costsOf(duringOutage), fallback, CostReason.FALLBACK);

                // When it is back, after the cooldown the primary serves again
                simulator.clearOutages();
                awaitServedBy(probe, primary, "recovery");
                List<LlmResponse> recovered = probe.ask(questions("recovered", 10));
                assertThat(recovered).allSatisfy(r -> assertThat(r.getModel()).isEqualTo(primary.getModel()));
                assertCharged(probe.costsOf(recovered), primary, CostReason.PRIMARY);

                // When it answers 429 with Retry-After to every call, requests fail over again, and recover after the storm
                ModelProfile storm = ModelProfile.builder().rateLimitRate(1.0).retryAfter(Duration.ofMillis(200)).build();
                simulator.update(c -> c.withModel(primary.getModel(), storm));
                List<LlmResponse> duringStorm = probe.ask(questions("storm", BATCH));
                assertThat(duringStorm).allSatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK);
                    assertThat(r.getModel()).isEqualTo(fallback.getModel());
                });
                Map<AttemptOutcome, Long> stormOutcomes = outcomesOn(primary, duringStorm);
                assertThat(stormOutcomes.get(AttemptOutcome.RATE_LIMITED)).as("calls answered 429").isPositive();
                assertThat(stormOutcomes.get(AttemptOutcome.CIRCUIT_OPEN)).as("requests that skipped the rate-limited primary")
                        .isPositive();
                assertCharged(probe.costsOf(duringStorm), fallback, CostReason.FALLBACK);

                simulator.update(c -> c.withModel(primary.getModel(), ModelProfile.DEFAULT));
                awaitServedBy(probe, primary, "after-storm");
            }
        }
    }

    private static List<PromptRequest> questions(String user, int count) {
        List<PromptRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(Requests.prompt(user + "-" + (i % 3), "What is " + i + " + " + i + "?"));
        }
        return requests;
    }

    /** Per outcome, the attempts on {@code model} across the responses. */
    private static Map<AttemptOutcome, Long> outcomesOn(ModelRef model, List<LlmResponse> responses) {
        Map<AttemptOutcome, Long> counted = responses.stream().flatMap(r -> r.getAttempts().stream())
                .filter(a -> a.getTarget().getModel().equals(model.getModel()))
                .collect(Collectors.groupingBy(Attempt::getOutcome, Collectors.counting()));
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            counted.putIfAbsent(outcome, 0L);
        }
        return counted;
    }

    private static void assertCharged(List<CostEvent> costs, ModelRef model, CostReason reason) {
        assertThat(costs).isNotEmpty().allSatisfy(event -> {
            assertThat(event.getModel()).isEqualTo(model.getModel());
            assertThat(event.getReason()).isEqualTo(reason);
            assertThat(event.getOutcome()).isEqualTo(AttemptOutcome.SUCCESS);
            assertThat(event.getCostMicros()).isPositive();
        });
    }

    /**
     * Sends single requests until the model serves several in a row: after the cooldown its circuit lets a few
     * trial calls through (half-open) and closes when they succeed; concurrent requests meanwhile still fail over.
     */
    private static void awaitServedBy(Probe probe, ModelRef model, String user) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int inARow = 0;
        while (inARow < 4) {
            LlmResponse response = probe.ask(List.of(Requests.prompt(user, "What is 1 + 1?"))).getFirst();
            assertThat(response.getDecision().getPrimary()).as("same question, same chain").isEqualTo(model);
            inARow = response.getModel().equals(model.getModel()) ? inARow + 1 : 0;
            assertThat(System.nanoTime()).as("served by " + model.getModel() + " again after its cooldown").isLessThan(deadline);
            if (inARow == 0) {
                Thread.sleep(COOLDOWN.toMillis() / 4);
            }
        }
    }

    /** Sends requests and waits for their responses and cost events, reading both topics continuously. */
    private static final class Probe implements AutoCloseable {

        private final KafkaProducer<String, PromptRequest> producer;
        private final KafkaConsumer<String, LlmResponse> responses;
        private final KafkaConsumer<String, CostEvent> costs;
        private final Map<String, LlmResponse> responsesById = new HashMap<>();
        private final Map<String, List<CostEvent>> costsById = new HashMap<>();

        Probe(String bootstrapServers, String registryUrl) {
            Topics topics = new Topics(2, Map.of("schema.registry.url", registryUrl));
            producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers), topics.requests().keySerde().serializer(),
                    topics.requests().valueSerde().serializer());
            responses = consumer(bootstrapServers, Topics.RESPONSES, topics.responses().valueSerde().deserializer());
            costs = consumer(bootstrapServers, Topics.COST_EVENTS, topics.costEvents().valueSerde().deserializer());
        }

        private static <V> KafkaConsumer<String, V> consumer(String bootstrapServers, String topic, Deserializer<V> values) {
            Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new org.apache.kafka.common.serialization.StringDeserializer(),
                    values);
            consumer.subscribe(List.of(topic));
            return consumer;
        }

        /** The responses to {@code requests}, in their order, once each has its response and a cost event. */
        List<LlmResponse> ask(List<PromptRequest> requests) {
            requests.forEach(r -> producer.send(new ProducerRecord<>(Topics.REQUESTS, r.getUserId(), r)));
            producer.flush();
            Set<String> ids = requests.stream().map(PromptRequest::getRequestId).collect(Collectors.toSet());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!(responsesById.keySet().containsAll(ids) && costsById.keySet().containsAll(ids))) {
                assertThat(System.nanoTime()).as("responses and cost events of " + ids.size() + " requests").isLessThan(deadline);
                responses.poll(Duration.ofMillis(50)).forEach(r -> responsesById.putIfAbsent(r.value().getRequestId(), r.value()));
                costs.poll(Duration.ofMillis(50)).forEach(r -> costsById.computeIfAbsent(r.value().getRequestId(), k -> new ArrayList<>())
                        .add(r.value()));
            }
            return requests.stream().map(r -> responsesById.get(r.getRequestId())).toList();
        }

        List<CostEvent> costsOf(List<LlmResponse> answered) {
            return answered.stream().flatMap(r -> costsById.getOrDefault(r.getRequestId(), List.of()).stream()).toList();
        }

        @Override
        public void close() {
            producer.close();
            responses.close();
            costs.close();
        }
    }
}
