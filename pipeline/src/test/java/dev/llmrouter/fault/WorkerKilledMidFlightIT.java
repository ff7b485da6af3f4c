package dev.llmrouter.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.bench.PipelineProcess;
import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.route.RouteStage;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.simulator.Latency;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.support.Requests;
import dev.llmrouter.support.TopicConsumers;
import dev.llmrouter.topics.Topic;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process is killed with SIGKILL while provider calls are in flight. Another worker instance
 * takes over its partitions: every request still gets a response, and each billed attempt is charged to
 * the user's budget once, even where the redelivered request repeated a call.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class WorkerKilledMidFlightIT {

    private static final int REQUESTS = 120;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void shouldAnswerEveryRequestAndChargeOnceWhenAWorkerIsKilledMidFlight(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                           @TempDir Path dir) throws Exception {
        SimulatorConfig slow = new SimulatorConfig(0, null, null, null,
                ModelProfile.builder().latency(Latency.fixed(Duration.ofMillis(1_500))).build(), null, null);
        try (ProviderSimulator simulator = ProviderSimulator.start(slow)) {
            // Consumers of a killed process keep their partitions until their session times out.
            Map<String, Object> kafkaConfig = Map.of("bootstrap.servers", kafka.bootstrapServers(), "session.timeout.ms", "6000");
            PipelineConfig config = new PipelineConfig(kafkaConfig, Map.of("schema.registry.url", registry.url()), 4, (short) 1,
                    StreamsSettings.defaults(dir.resolve("state")), ClassifyConfig.defaults(), WorkerConfig.defaults(), 0,
                    EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null);

            try (Pipeline streamsOnly = Pipeline.start(config)) {
                PipelineProcess doomed = PipelineProcess.startWorkers(kafkaConfig, registry.url(), 4, WorkerConfig.defaults().maxInFlight(),
                        simulator::baseUrl, dir);
                Topics topics = streamsOnly.topics();
                List<PromptRequest> requests = publish(kafka, topics);

                awaitCallsInFlight(simulator, 20);
                doomed.kill();

                try (Pipeline survivor = Pipeline.start(config.withWorkers(1), false)) {
                    Map<String, LlmResponse> responses = readResponses(kafka, topics.responses(), REQUESTS);
                    assertThat(responses.keySet()).containsExactlyInAnyOrderElementsOf(
                            requests.stream().map(PromptRequest::getRequestId).toList());
                    assertThat(responses.values()).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK));

                    Map<String, Long> chargedOnce = distinctAttemptCosts(kafka, topics.costEvents());
                    var budgets = streamsOnly.streams().orElseThrow().streams().store(StoreQueryParameters.fromNameAndType(
                            RouteStage.BUDGET_STORE, QueryableStoreTypes.<String, BudgetState>keyValueStore()));
                    awaitBudgets(() -> {
                        for (Map.Entry<String, Long> user : chargedOnce.entrySet()) {
                            BudgetState state = budgets.get(user.getKey());
                            if (state == null || state.getSpentMicros() != user.getValue()) {
                                return false;
                            }
                        }
                        return true;
                    });
                    for (Map.Entry<String, Long> user : chargedOnce.entrySet()) {
                        assertThat(budgets.get(user.getKey()).getSpentMicros()).as(user.getKey()).isEqualTo(user.getValue());
                        assertThat(budgets.get(user.getKey()).getReservedMicros()).as(user.getKey()).isZero();
                    }
                }
            }
        }
    }


    private static List<PromptRequest> publish(KafkaCluster kafka, Topics topics) {
        List<PromptRequest> requests = new ArrayList<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                topics.requests().keySerde().serializer(), topics.requests().valueSerde().serializer())) {
            for (int i = 0; i < REQUESTS; i++) {
                PromptRequest request = Requests.prompt("user-" + (i % 6), "What is " + i + " + " + i + "?");
                requests.add(request);
                producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getUserId(), request));
            }
        }
        return requests;
    }

    private static void awaitCallsInFlight(ProviderSimulator simulator, long calls) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (simulator.stats().inFlight() < calls) {
            assertThat(System.nanoTime()).as("calls in flight before the kill").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Map<String, LlmResponse> readResponses(KafkaCluster kafka, Topic<String, LlmResponse> topic, int expected) {
        Map<String, LlmResponse> responses = new HashMap<>();
        try (var consumer = TopicConsumers.readCommitted(kafka.bootstrapServers(), topic, "check-" + topic.name())) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (responses.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> responses.putIfAbsent(r.value().getRequestId(), r.value()));
            }
        }
        return responses;
    }

    /** Per user, the cost of each (requestId, attempt) counted once: what a correct budget holds. */
    private static Map<String, Long> distinctAttemptCosts(KafkaCluster kafka, Topic<String, CostEvent> topic) {
        Map<String, CostEvent> distinct = new HashMap<>();
        try (var consumer = TopicConsumers.readCommitted(kafka.bootstrapServers(), topic, "check-" + topic.name())) {
            for (int quiet = 0; quiet < 5; ) {
                var records = consumer.poll(Duration.ofMillis(300));
                records.forEach(r -> distinct.putIfAbsent(r.value().getRequestId() + "#" + r.value().getAttempt(), r.value()));
                quiet = records.isEmpty() ? quiet + 1 : 0;
            }
        }
        Set<String> requestIds = distinct.values().stream().map(CostEvent::getRequestId).collect(Collectors.toSet());
        assertThat(requestIds).hasSize(REQUESTS);
        return distinct.values().stream().collect(Collectors.groupingBy(CostEvent::getUserId, Collectors.summingLong(CostEvent::getCostMicros)));
    }

    private static void awaitBudgets(java.util.function.BooleanSupplier settled) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!settled.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
