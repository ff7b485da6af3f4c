package dev.llmrouter.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.outcome.Responses;
import dev.llmrouter.route.CostEstimator;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RouteConfig;
import dev.llmrouter.route.RouteStage;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.support.Answers;
import dev.llmrouter.support.Requests;
import dev.llmrouter.support.TopicConsumers;
import dev.llmrouter.topics.TopicAdmin;
import dev.llmrouter.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route stage's stream thread dies in the middle of a transaction, twice: once while routing a
 * batch of requests, once while routing a second batch interleaved with the first batch's responses
 * (some repeated, as a redelivering worker answers twice). A new instance restarts on the same state
 * directory, and at the end a third one on an empty state directory restores from the changelog. The
 * budgets hold exactly the cost of every request's first response, no reservation is left or counted
 * twice, and no request is dispatched twice.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class RouteStageCrashRestartIT {

    private static final int USERS = 6;
    private static final int BATCH = 150;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String POLICY = """
            version: crash-1
            tiers:
              economy: [openai/cheap]
              standard: [openai/middle]
            default-tier: standard
            budgets:
              default: {period: month, limit-usd: 1000}
            """;

    /** Thrown on a stream thread: not an Exception, so no handler catches it and the thread dies mid-transaction. */
    private static final class Crash extends Error {
        Crash() {
            super("simulated crash of the route stage");
        }
    }

    /** Prices every request at 1,000 micro-dollars; dies once when its call count reaches the armed value. */
    private static final class CrashingEstimator implements CostEstimator {
        private final AtomicInteger calls = new AtomicInteger();
        private volatile int crashAt = -1;

        void armAfter(int moreCalls) {
            crashAt = calls.get() + moreCalls;
        }

        @Override
        public long estimateMicros(dev.llmrouter.schema.ModelRef model, long inputTokens, long outputTokens) {
            if (calls.incrementAndGet() == crashAt) {
                crashAt = -1;
                throw new Crash();
            }
            return 1_000;
        }
    }

    @Test
    void shouldKeepBudgetsExactAcrossCrashesAndRestarts(KafkaCluster kafka, SchemaRegistryProcess registry, @TempDir Path dir)
            throws Exception {
        Topics topics = new Topics(3, Map.of("schema.registry.url", registry.url()));
        TopicAdmin.ensureTopics(Map.of("bootstrap.servers", kafka.bootstrapServers()), topics.all(), (short) 1);
        CrashingEstimator estimator = new CrashingEstimator();
        Path stateDir = dir.resolve("state");

        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                topics.requestsClassified().keySerde().serializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
             var dispatched = TopicConsumers.readCommitted(kafka.bootstrapServers(), topics.dispatch(), "crash-it-dispatch")) {
            // Batch one, with a crash at its 60th decision.
            estimator.armAfter(60);
            KafkaStreams first = start(kafka, registry.url(), topics, estimator, stateDir);
            List<ClassifiedRequest> batchOne = send(producer, topics, "one");
            awaitState(first, KafkaStreams.State.ERROR);
            first.close(Duration.ofSeconds(30));

            KafkaStreams second = start(kafka, registry.url(), topics, estimator, stateDir);
            List<DispatchRecord> routedOne = awaitDispatches(dispatched, BATCH);

            // Batch two, interleaved with batch one's settlement, with a crash at its 40th decision.
            estimator.armAfter(40);
            List<LlmResponse> costs = new ArrayList<>(settle(producer, topics, routedOne));
            List<ClassifiedRequest> batchTwo = send(producer, topics, "two");
            awaitState(second, KafkaStreams.State.ERROR);
            second.close(Duration.ofSeconds(30));

            KafkaStreams third = start(kafka, registry.url(), topics, estimator, stateDir);
            List<DispatchRecord> routedTwo = awaitDispatches(dispatched, BATCH);
            costs.addAll(settle(producer, topics, routedTwo));

            Map<String, Long> expectedSpend = distinctSpend(costs);
            assertThat(routedOne).extracting(d -> d.getRequest().getRequestId())
                    .containsExactlyInAnyOrderElementsOf(batchOne.stream().map(r -> r.getRequest().getRequestId()).toList());
            assertThat(routedTwo).extracting(d -> d.getRequest().getRequestId())
                    .containsExactlyInAnyOrderElementsOf(batchTwo.stream().map(r -> r.getRequest().getRequestId()).toList());
            assertThat(dispatched.poll(Duration.ofSeconds(2))).as("no request dispatched twice").isEmpty();
            awaitBudgets(third, expectedSpend);
            assertBudgets(third, expectedSpend);
            third.close(Duration.ofSeconds(30));

            // A fourth instance on an empty state directory restores the same budgets from the changelog.
            KafkaStreams restored = start(kafka, registry.url(), topics, estimator, dir.resolve("wiped"));
            awaitBudgets(restored, expectedSpend);
            assertBudgets(restored, expectedSpend);
            restored.close(Duration.ofSeconds(30));
        }
    }

    private static KafkaStreams start(KafkaCluster kafka, String registryUrl, Topics topics, CostEstimator estimator, Path stateDir)
            throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        new RouteStage(RouteConfig.of(PolicyLoader.parse(POLICY, "crash-policy")).withMeters(new SimpleMeterRegistry()), topics,
                estimator).addTo(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "route-crash-it");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put("schema.registry.url", registryUrl);
        // Streams members do not leave the group on close: the next instance waits out the session, keep it short.
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6_000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1_000);
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        streams.start();
        awaitState(streams, KafkaStreams.State.RUNNING);
        return streams;
    }

    private List<ClassifiedRequest> send(KafkaProducer<String, byte[]> producer, Topics topics, String batch) {
        List<ClassifiedRequest> sent = new ArrayList<>();
        var serializer = topics.requestsClassified().valueSerde().serializer();
        for (int i = 0; i < BATCH; i++) {
            String user = "user-" + (i % USERS);
            ClassifiedRequest request = Requests.classified(user, Complexity.MEDIUM, TaskCategory.CHAT);
            request.getRequest().setRequestId(batch + "-" + i);
            sent.add(request);
            producer.send(new ProducerRecord<>(Topics.REQUESTS_CLASSIFIED, user, serializer.serialize(Topics.REQUESTS_CLASSIFIED, request)));
        }
        producer.flush();
        return sent;
    }

    /**
     * Each routed request's response with its billed call; every third one sent twice, the repeat answered later
     * with a dearer call, as a redelivering worker would: the first one counts.
     */
    private static List<LlmResponse> settle(KafkaProducer<String, byte[]> producer, Topics topics, List<DispatchRecord> routed) {
        var serializer = topics.responses().valueSerde().serializer();
        List<LlmResponse> responses = new ArrayList<>();
        for (int i = 0; i < routed.size(); i++) {
            DispatchRecord dispatch = routed.get(i);
            String user = dispatch.getRequest().getUserId();
            for (int copy = 0; copy < (i % 3 == 0 ? 2 : 1); copy++) {
                Instant now = Instant.now();
                long micros = 100 + i + 1_000L * copy;
                LlmResponse response = Responses.forDispatch(dispatch, now).setStatus(ResponseStatus.OK)
                        .setAttempts(List.of(Answers.call(1, "openai", "middle", 0, 0, 0, micros, now))).setCostMicros(micros).build();
                producer.send(new ProducerRecord<>(Topics.RESPONSES, user, serializer.serialize(Topics.RESPONSES, response)));
                responses.add(response);
            }
        }
        producer.flush();
        return responses;
    }

    /** Per user, the cost of each request's first response: what a correct budget holds. */
    private static Map<String, Long> distinctSpend(List<LlmResponse> responses) {
        Map<String, LlmResponse> first = new HashMap<>();
        responses.forEach(r -> first.putIfAbsent(r.getRequestId(), r));
        Map<String, Long> spend = new HashMap<>();
        first.values().forEach(r -> spend.merge(r.getUserId(), r.getCostMicros(), Long::sum));
        return spend;
    }

    private static List<DispatchRecord> awaitDispatches(KafkaConsumer<String, DispatchRecord> consumer, int expected) {
        List<DispatchRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> records.add(record.value()));
        }
        return records;
    }

    private static void awaitBudgets(KafkaStreams streams, Map<String, Long> expected) throws InterruptedException {
        await(() -> {
            ReadOnlyKeyValueStore<String, BudgetState> budgets;
            try {
                budgets = budgets(streams);
            } catch (org.apache.kafka.streams.errors.InvalidStateStoreException restoring) {
                return false;
            }
            return expected.entrySet().stream().allMatch(user -> {
                BudgetState state = budgets.get(user.getKey());
                return state != null && state.getSpentMicros() == user.getValue() && state.getReservedMicros() == 0;
            });
        });
    }

    private static void assertBudgets(KafkaStreams streams, Map<String, Long> expected) {
        ReadOnlyKeyValueStore<String, BudgetState> budgets = budgets(streams);
        assertThat(expected).hasSize(USERS);
        for (Map.Entry<String, Long> user : expected.entrySet()) {
            BudgetState state = budgets.get(user.getKey());
            assertThat(state.getSpentMicros()).as("spend of " + user.getKey()).isEqualTo(user.getValue());
            assertThat(state.getReservedMicros()).as("reserved by " + user.getKey()).isZero();
            assertThat(state.getOpenReservations()).as("open reservations of " + user.getKey()).isEmpty();
            assertThat(state.getRequests()).as("requests of " + user.getKey()).isEqualTo(2L * BATCH / USERS);
        }
    }

    private static ReadOnlyKeyValueStore<String, BudgetState> budgets(KafkaStreams streams) {
        return streams.store(StoreQueryParameters.fromNameAndType(RouteStage.BUDGET_STORE, QueryableStoreTypes.keyValueStore()));
    }

    private static void awaitState(KafkaStreams streams, KafkaStreams.State state) throws InterruptedException {
        await(() -> streams.state() == state);
        assertThat(streams.state()).isEqualTo(state);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
