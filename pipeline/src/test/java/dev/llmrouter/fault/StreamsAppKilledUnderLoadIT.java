package dev.llmrouter.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.bench.PipelineProcess;
import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.route.CacheRules;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RouteStage;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.CacheStatus;
import dev.llmrouter.schema.CostEvent;
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
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streams application (classify and route) runs in a process of its own and is killed with SIGKILL while
 * requests keep coming, then started again on the same state directory. No request is lost, and under exactly_once_v2
 * (here; at_least_once in {@link AtLeastOnceStreamsAppKilledUnderLoadIT}) the state it restores from its changelogs is exact: each user's spend is the sum of the
 * distinct billed calls, no reservation is left over, and each session's prompt-cache status names every
 * model a call warmed, warm until the provider's TTL after its latest call.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class StreamsAppKilledUnderLoadIT {

    private static final int REQUESTS = 400;
    private static final int RATE = 50;
    private static final int USERS = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Long enough for providers to cache (1,024 tokens in the bundled policy), so the cache store has state to restore. */
    private static final String SYSTEM_PROMPT = "You answer arithmetic questions briefly. ".repeat(120);

    @Test
    void shouldLoseNoRequestAndRestoreBudgetsAndCacheStatusExactlyWhenTheStreamsAppIsKilledUnderLoad(KafkaCluster kafka,
                                                                                       SchemaRegistryProcess registry,
                                                                                       @TempDir Path dir) throws Exception {
        killUnderLoad(kafka, registry, dir, "exactly_once_v2", topics -> {
            Map<String, Long> chargedOnce = Budgets.chargedOnce(kafka.bootstrapServers(), topics);
            assertThat(chargedOnce.keySet()).hasSize(USERS);
            Map<String, BudgetState> restored = awaitSettledBudgets(kafka, topics, chargedOnce);
            for (Map.Entry<String, Long> user : chargedOnce.entrySet()) {
                assertThat(restored.get(user.getKey()).getSpentMicros()).as("spend of " + user.getKey()).isEqualTo(user.getValue());
                assertThat(restored.get(user.getKey()).getReservedMicros()).as("reserved by " + user.getKey()).isZero();
            }
            Map<String, Map<String, Long>> warmed = warmedByCostEvents(Budgets.costEvents(kafka.bootstrapServers(), topics));
            assertThat(warmed).as("sessions whose prefix a call warmed").hasSize(USERS);
            Map<String, CacheStatus> cacheStatus = awaitChangelog(kafka, topics, RouteStage.CACHE_STORE, CacheStatus.class,
                    latest -> warmed.equals(warmUntilByCacheKey(latest)));
            assertThat(warmUntilByCacheKey(cacheStatus)).as("restored prompt-cache status").isEqualTo(warmed);
        });
    }

    /** What else must hold after every request was answered. */
    interface Afterwards {
        void check(Topics topics) throws Exception;
    }

    /**
     * Runs the Streams application under {@code guarantee} in its own process, SIGKILLs it a third of the way through a
     * steady load, restarts it on its state directory, and checks every request was answered OK, then {@code afterwards}.
     */
    static void killUnderLoad(KafkaCluster kafka, SchemaRegistryProcess registry, Path dir, String guarantee, Afterwards afterwards)
            throws Exception {
        SimulatorConfig quick = SimulatorConfig.defaults()
                .withDefaultProfile(ModelProfile.builder().latency(Latency.fixed(Duration.ofMillis(20))).build());
        try (ProviderSimulator simulator = ProviderSimulator.start(quick)) {
            // A killed member keeps its partitions until its session times out: keep that short.
            Map<String, Object> kafkaConfig = Map.of("bootstrap.servers", kafka.bootstrapServers(), "session.timeout.ms", "6000");
            PipelineConfig workersOnly = new PipelineConfig(kafkaConfig, Map.of("schema.registry.url", registry.url()), 3, (short) 1,
                    StreamsSettings.defaults(dir.resolve("unused")), ClassifyConfig.defaults(), WorkerConfig.defaults(), 1,
                    EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null);
            PipelineProcess.Options streamsOnly = PipelineProcess.Options.full("streams", kafkaConfig, registry.url(), 3).withWorkers(0)
                    .withStreams(guarantee, (int) StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS, 1);
            try (Pipeline workers = Pipeline.start(workersOnly, false);
                 PipelineProcess streams = PipelineProcess.start(streamsOnly, simulator::baseUrl, dir)) {
                Topics topics = workers.topics();
                List<PromptRequest> sent;
                try (SteadyLoad load = new SteadyLoad(kafka.bootstrapServers(), topics, REQUESTS, RATE, USERS, SYSTEM_PROMPT)) {
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
                afterwards.check(topics);
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
        return awaitChangelog(kafka, topics, RouteStage.BUDGET_STORE, BudgetState.class,
                budgets -> chargedOnce.entrySet().stream().allMatch(user -> budgets.get(user.getKey()) != null
                        && budgets.get(user.getKey()).getSpentMicros() == user.getValue()
                        && budgets.get(user.getKey()).getReservedMicros() == 0));
    }

    /** A store's changelog, latest committed record per key, read until {@code settled} holds or the timeout passed. */
    private static <T extends SpecificRecord> Map<String, T> awaitChangelog(KafkaCluster kafka, Topics topics, String store, Class<T> type,
                                                                            Predicate<Map<String, T>> settled) throws InterruptedException {
        String changelog = "llm-router-" + store + "-changelog";
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Map<String, T> latest = new HashMap<>();
            TopicDrain.readAllRaw(kafka.bootstrapServers(), List.of(changelog), Duration.ofSeconds(1)).forEach(record -> latest.put(
                    new String(record.key(), StandardCharsets.UTF_8), topics.avroSerde(type).deserializer().deserialize(changelog, record.value())));
            if (settled.test(latest) || System.nanoTime() > deadline) {
                return latest;
            }
            Thread.sleep(500);
        }
    }

    /** Per prompt-prefix key, what the route stage learns from these cost events: each model a successful call warmed, until the TTL after its latest one. */
    private static Map<String, Map<String, Long>> warmedByCostEvents(List<CostEvent> events) {
        CacheRules rules = PolicyLoader.bundled().cache();
        Map<String, Map<String, Long>> warmed = new HashMap<>();
        events.stream().filter(e -> e.getCacheKey() != null && e.getOutcome() == AttemptOutcome.SUCCESS).forEach(e -> warmed
                .computeIfAbsent(e.getCacheKey(), key -> new HashMap<>())
                .merge(e.getProvider() + "/" + e.getModel(), e.getOccurredAt().plus(rules.ttlOf(e.getProvider())).toEpochMilli(), Math::max));
        return warmed;
    }

    private static Map<String, Map<String, Long>> warmUntilByCacheKey(Map<String, CacheStatus> latest) {
        return latest.values().stream().collect(Collectors.toMap(CacheStatus::getCacheKey, CacheStatus::getWarmUntil));
    }
}
