package dev.llmrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.support.Requests;
import dev.llmrouter.support.TopicDrain;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker with four partitions: whichever partition a producer puts a user's request in, and
 * whatever it keys it by, the request is routed and settled against the one budget of its user, in the
 * task of the partition the user id maps to. A request already there is handed from classify to route
 * in that task; the others cross the classified topic.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class RequestPartitioningIT {

    private static final int PARTITIONS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void shouldChargeOneBudgetPerUserWhereverTheProducerPutTheRequest(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                     @TempDir Path dir) throws Exception {
        String user = "ada";
        int home = BuiltInPartitioner.partitionForKey(user.getBytes(StandardCharsets.UTF_8), PARTITIONS);
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults())) {
            PipelineConfig config = new PipelineConfig(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    Map.of("schema.registry.url", registry.url()), PARTITIONS, (short) 1, StreamsSettings.defaults(dir.resolve("state")),
                    ClassifyConfig.defaults(), WorkerConfig.defaults().withAttemptTimeout(Duration.ofSeconds(10)), 1,
                    EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null);
            try (Pipeline pipeline = Pipeline.start(config);
                 var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                         pipeline.topics().requests().keySerde().serializer(), pipeline.topics().requests().valueSerde().serializer())) {
                Topics topics = pipeline.topics();
                PromptRequest inHome = Requests.prompt(user, "What is the capital of Chile?");
                PromptRequest elsewhere = Requests.prompt(user, "What is the capital of Peru?");
                PromptRequest otherKey = Requests.prompt(user, "What is the capital of Bolivia?");
                // Given: the default partitioner's choice, another partitioner's choice, and a record keyed by session.
                producer.send(new ProducerRecord<>(Topics.REQUESTS, user, inHome)).get();
                producer.send(new ProducerRecord<>(Topics.REQUESTS, (home + 1) % PARTITIONS, user, elsewhere)).get();
                producer.send(new ProducerRecord<>(Topics.REQUESTS, (home + 2) % PARTITIONS, "session-7", otherKey)).get();
                Set<String> ids = Set.of(inHome.getRequestId(), elsewhere.getRequestId(), otherKey.getRequestId());

                // When: they are answered
                List<LlmResponse> responses = TopicDrain.read(kafka.bootstrapServers(), Topics.RESPONSES,
                        topics.responses().valueSerde().deserializer(),
                        read -> read.stream().map(LlmResponse::getRequestId).collect(Collectors.toSet()).containsAll(ids), TIMEOUT);

                // Then: all three answered, and only the two outside the user's partition crossed the classified topic
                assertThat(responses).extracting(LlmResponse::getRequestId).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(responses).extracting(LlmResponse::getStatus).containsOnly(ResponseStatus.OK);
                var deserializer = topics.requestsClassified().valueSerde().deserializer();
                List<ClassifiedRequest> rekeyed = TopicDrain.readAllRaw(kafka.bootstrapServers(), List.of(Topics.REQUESTS_CLASSIFIED),
                        Duration.ofSeconds(2)).stream().map(record -> deserializer.deserialize(Topics.REQUESTS_CLASSIFIED, record.value())).toList();
                assertThat(rekeyed).extracting(c -> c.getRequest().getRequestId())
                        .containsExactlyInAnyOrder(elsewhere.getRequestId(), otherKey.getRequestId());

                // And: one budget, in the user's partition, settled with every cost event of the three
                long charged = TopicDrain.read(kafka.bootstrapServers(), Topics.COST_EVENTS, topics.costEvents().valueSerde().deserializer(),
                        read -> read.stream().map(CostEvent::getRequestId).collect(Collectors.toSet()).containsAll(ids), TIMEOUT)
                        .stream().filter(event -> ids.contains(event.getRequestId())).mapToLong(CostEvent::getCostMicros).sum();
                assertThat(charged).isPositive();
                BudgetState budget = awaitSettled(pipeline, home, user, charged);
                assertThat(budget.getRequests()).isEqualTo(3);
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    if (partition != home) {
                        assertThat(budgets(pipeline, partition).get(user)).as("budget of " + user + " in partition " + partition).isNull();
                    }
                }
            }
        }
    }

    private static BudgetState awaitSettled(Pipeline pipeline, int partition, String user, long charged) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        BudgetState state = null;
        while (System.nanoTime() < deadline) {
            state = budgets(pipeline, partition).get(user);
            if (state != null && state.getSpentMicros() == charged && state.getReservedMicros() == 0) {
                return state;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("budget of " + user + " in partition " + partition + " not settled to " + charged + ": " + state);
    }

    private static ReadOnlyKeyValueStore<String, BudgetState> budgets(Pipeline pipeline, int partition) {
        return pipeline.streams().orElseThrow().streams().store(StoreQueryParameters.fromNameAndType(RouteStage.BUDGET_STORE,
                QueryableStoreTypes.<String, BudgetState>keyValueStore()).withPartition(partition));
    }
}
