package dev.llmrouter.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.BrokerProcess;
import dev.llmrouter.embedded.SchemaRegistryProcess;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only broker is killed (SIGKILL) while requests keep coming, and started again on the same ports and log
 * directory a few seconds later. Nobody restarts the pipeline: its clients reconnect, the Streams application
 * and the worker carry on, every request is answered and every billed call is charged once.
 */
@ExtendWith(SchemaRegistryExtension.class)
class BrokerRestartedUnderLoadIT {

    private static final int REQUESTS = 300;
    private static final int RATE = 40;
    private static final int USERS = 6;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void shouldRecoverByItselfAndLoseNoRequestWhenTheBrokerRestartsUnderLoad(SchemaRegistryProcess registry, @TempDir Path dir)
            throws Exception {
        SimulatorConfig quick = SimulatorConfig.defaults()
                .withDefaultProfile(ModelProfile.builder().latency(Latency.fixed(Duration.ofMillis(20))).build());
        try (BrokerProcess broker = BrokerProcess.start(Map.of(), List.of("-Xmx512m"));
             ProviderSimulator simulator = ProviderSimulator.start(quick)) {
            PipelineConfig config = new PipelineConfig(Map.of("bootstrap.servers", broker.bootstrapServers()),
                    Map.of("schema.registry.url", registry.url()), 3, (short) 1, StreamsSettings.defaults(dir), ClassifyConfig.defaults(),
                    WorkerConfig.defaults(), 1, EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null);
            try (Pipeline pipeline = Pipeline.start(config)) {
                Topics topics = pipeline.topics();
                List<PromptRequest> sent;
                try (SteadyLoad load = new SteadyLoad(broker.bootstrapServers(), topics, REQUESTS, RATE, USERS)) {
                    while (load.sentSoFar() < REQUESTS / 3) {
                        Thread.sleep(20);
                    }
                    broker.kill();
                    Thread.sleep(2_000);
                    broker.restart();
                    sent = load.awaitSent();
                }

                Map<String, LlmResponse> responses = TopicDrain.read(broker.bootstrapServers(), Topics.RESPONSES,
                                topics.responses().valueSerde().deserializer(),
                                read -> read.stream().map(LlmResponse::getRequestId).distinct().count() >= REQUESTS, TIMEOUT)
                        .stream().collect(Collectors.toMap(LlmResponse::getRequestId, r -> r, (first, again) -> first));
                assertThat(responses.keySet()).as("every request answered")
                        .containsExactlyInAnyOrderElementsOf(sent.stream().map(PromptRequest::getRequestId).toList());
                assertThat(responses.values()).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK));

                Map<String, Long> chargedOnce = Budgets.chargedOnce(broker.bootstrapServers(), topics);
                var budgets = pipeline.streams().orElseThrow().streams().store(StoreQueryParameters.fromNameAndType(
                        RouteStage.BUDGET_STORE, QueryableStoreTypes.<String, BudgetState>keyValueStore()));
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (!chargedOnce.entrySet().stream().allMatch(user -> budgets.get(user.getKey()) != null
                        && budgets.get(user.getKey()).getSpentMicros() == user.getValue()
                        && budgets.get(user.getKey()).getReservedMicros() == 0) && System.nanoTime() < deadline) {
                    Thread.sleep(300);
                }
                for (Map.Entry<String, Long> user : chargedOnce.entrySet()) {
                    assertThat(budgets.get(user.getKey()).getSpentMicros()).as("spend of " + user.getKey()).isEqualTo(user.getValue());
                    assertThat(budgets.get(user.getKey()).getReservedMicros()).as("reserved by " + user.getKey()).isZero();
                }
            }
        }
    }
}
