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
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.simulator.Latency;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.support.Budgets;
import dev.llmrouter.support.SteadyLoad;
import dev.llmrouter.support.TopicDrain;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streams application (classify and route, exactly_once_v2) runs in a process of its own and is killed
 * with SIGKILL while requests keep coming, then started again on the same state directory. No request is
 * lost, and the budget state it restores from its changelog is exact: each user's spend is the sum of the
 * distinct billed calls, and no reservation is left over.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class StreamsAppKilledUnderLoadIT {

    private static final int REQUESTS = 400;
    private static final int RATE = 50;
    private static final int USERS = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void shouldLoseNoRequestAndRestoreBudgetsExactlyWhenTheStreamsAppIsKilledUnderLoad(KafkaCluster kafka,
                                                                                       SchemaRegistryProcess registry,
                                                                                       @TempDir Path dir) throws Exception {
        SimulatorConfig quick = SimulatorConfig.defaults()
                .withDefaultProfile(ModelProfile.builder().latency(Latency.fixed(Duration.ofMillis(20))).build());
        try (ProviderSimulator simulator = ProviderSimulator.start(quick)) {
            // A killed member keeps its partitions until its session times out: keep that short.
            Map<String, Object> kafkaConfig = Map.of("bootstrap.servers", kafka.bootstrapServers(), "session.timeout.ms", "6000");
            PipelineConfig workersOnly = new PipelineConfig(kafkaConfig, Map.of("schema.registry.url", registry.url()), 3, (short) 1,
                    StreamsSettings.defaults(dir.resolve("unused")), ClassifyConfig.defaults(), WorkerConfig.defaults(), 1,
                    EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null);
            PipelineProcess.Options streamsOnly = PipelineProcess.Options.full("streams", kafkaConfig, registry.url(), 3).withWorkers(0);
            try (Pipeline workers = Pipeline.start(workersOnly, false);
                 PipelineProcess streams = PipelineProcess.start(streamsOnly, simulator::baseUrl, dir)) {
                Topics topics = workers.topics();
                List<PromptRequest> sent;
                try (SteadyLoad load = new SteadyLoad(kafka.bootstrapServers(), topics, REQUESTS, RATE, USERS)) {
                    awaitResponses(kafka, topics, 20);
                    while (load.sentSoFar() < REQUESTS / 3) {
                        Thread.sleep(20);
                    }
                    streams.kill();
                    Thread.sleep(1_000);
                    streams.restart();
                    sent = load.awaitSent();
                }

                Map<String, LlmResponse> responses = awaitResponses(kafka, topics, REQUESTS);
                assertThat(responses.keySet()).as("every request answered")
                        .containsExactlyInAnyOrderElementsOf(sent.stream().map(PromptRequest::getRequestId).toList());
                assertThat(responses.values()).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK));

                Map<String, Long> chargedOnce = Budgets.chargedOnce(kafka.bootstrapServers(), topics);
                assertThat(chargedOnce.keySet()).hasSize(USERS);
                Map<String, BudgetState> restored = awaitSettledBudgets(kafka, topics, chargedOnce);
                for (Map.Entry<String, Long> user : chargedOnce.entrySet()) {
                    assertThat(restored.get(user.getKey()).getSpentMicros()).as("spend of " + user.getKey()).isEqualTo(user.getValue());
                    assertThat(restored.get(user.getKey()).getReservedMicros()).as("reserved by " + user.getKey()).isZero();
                }
                assertThat(streams.isAlive()).isTrue();
            }
        }
    }

    private static Map<String, LlmResponse> awaitResponses(KafkaCluster kafka, Topics topics, int atLeast) {
        return TopicDrain.read(kafka.bootstrapServers(), Topics.RESPONSES, topics.responses().valueSerde().deserializer(),
                        read -> read.stream().map(LlmResponse::getRequestId).distinct().count() >= atLeast, TIMEOUT)
                .stream().collect(Collectors.toMap(LlmResponse::getRequestId, r -> r, (first, again) -> first));
    }

    /**
     * The budget store as the restarted application holds it: the latest committed changelog record per user,
     * read until it agrees with the cost events or the timeout passed.
     */
    private static Map<String, BudgetState> awaitSettledBudgets(KafkaCluster kafka, Topics topics, Map<String, Long> chargedOnce)
            throws InterruptedException {
        String changelog = "llm-router-" + RouteStage.BUDGET_STORE + "-changelog";
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Map<String, BudgetState> latest = new HashMap<>();
            TopicDrain.readAllRaw(kafka.bootstrapServers(), List.of(changelog), Duration.ofSeconds(1)).forEach(record -> latest.put(
                    new String(record.key(), StandardCharsets.UTF_8),
                    topics.avroSerde(BudgetState.class).deserializer().deserialize(changelog, record.value())));
            boolean settled = chargedOnce.entrySet().stream().allMatch(user -> latest.get(user.getKey()) != null
                    && latest.get(user.getKey()).getSpentMicros() == user.getValue()
                    && latest.get(user.getKey()).getReservedMicros() == 0);
            if (settled || System.nanoTime() > deadline) {
                return latest;
            }
            Thread.sleep(500);
        }
    }
}
