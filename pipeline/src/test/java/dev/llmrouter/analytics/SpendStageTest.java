package dev.llmrouter.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.classify.FeatureClassifier;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.provider.TokenUsage;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RouteConfig;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.runtime.PipelineTopology;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.SpendTotals;
import dev.llmrouter.support.Answers;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.CostCalculator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SchemaRegistryExtension.class)
class SpendStageTest {

    private static final String POLICY = """
            version: spend-test
            tiers:
              economy: [openai/cheap]
              premium: [anthropic/best]
            routes: []
            default-tier: economy
            default-output-tokens: 100
            budgets:
              default: {period: day, limit-usd: 1.00}
            """;

    /** One micro-dollar per token on any model, ten on the premium one; cached input tokens are free. */
    private static final CostCalculator PRICES = new CostCalculator() {
        @Override
        public long costMicros(ModelRef model, TokenUsage usage) {
            long perToken = model.getModel().equals("best") ? 10 : 1;
            return perToken * (usage.inputTokens() - usage.cachedInputTokens() + usage.outputTokens());
        }

        @Override
        public String catalogVersion() {
            return "test";
        }
    };

    private static final Instant T0 = Instant.parse("2026-03-10T10:15:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, LlmResponse> responses;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        Topics topics = new Topics(1, Map.of("schema.registry.url", registry.url()));
        RoutingPolicy policy = PolicyLoader.parse(POLICY, "spend-test");
        // The whole topology, so the stages that share input topics are checked to build together.
        var topology = PipelineTopology.build(topics, ClassifyConfig.defaults(), new FeatureClassifier(), RouteConfig.of(policy),
                (model, in, out) -> in + out, SpendConfig.of(new PremiumBaseline(() -> policy, PRICES)));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "spend-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(topology, props);
        responses = driver.createInputTopic(Topics.RESPONSES, Serdes.String().serializer(), topics.responses().valueSerde().serializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldAddUpSpendPerUserPerHour() {
        send(answer("r1", "ada", T0, call(1, "cheap", 100, 50, 0, 150, T0)));
        send(answer("r2", "ada", T0.plusSeconds(600), call(1, "cheap", 200, 100, 0, 300, T0.plusSeconds(600))));
        send(answer("r3", "ada", T0.plusSeconds(3_600), call(1, "cheap", 10, 10, 0, 20, T0.plusSeconds(3_600))));
        send(answer("r4", "bob", T0, call(1, "cheap", 1, 1, 0, 2, T0)));

        List<KeyValue<Instant, SpendTotals>> hourly = windows(SpendDimension.USER, "ada");
        assertThat(hourly).extracting(kv -> kv.key).containsExactly(Instant.parse("2026-03-10T10:00:00Z"), Instant.parse("2026-03-10T11:00:00Z"));
        assertThat(hourly.get(0).value.getCostMicros()).isEqualTo(450);
        assertThat(hourly.get(0).value.getCalls()).isEqualTo(2);
        assertThat(hourly.get(0).value.getInputTokens()).isEqualTo(300);
        assertThat(hourly.get(1).value.getCostMicros()).isEqualTo(20);
        assertThat(windows(SpendDimension.USER, "bob").getFirst().value.getCostMicros()).isEqualTo(2);
    }

    @Test
    void shouldAddUpSpendPerModelAcrossUsersAndAttempts() {
        send(answer("r1", "ada", T0, call(1, "cheap", 100, 50, 0, 150, T0)));
        send(answer("r2", "bob", T0, call(1, "cheap", 10, 5, 0, 15, T0), call(2, "best", 10, 5, 0, 150, T0)));

        assertThat(windows(SpendDimension.MODEL, "openai/cheap").getFirst().value.getCostMicros()).isEqualTo(165);
        assertThat(windows(SpendDimension.MODEL, "openai/cheap").getFirst().value.getCalls()).isEqualTo(2);
        assertThat(windows(SpendDimension.MODEL, "openai/best").getFirst().value.getCalls()).isEqualTo(1);
        assertThat(windows(SpendDimension.USER, "bob").getFirst().value.getCostMicros()).isEqualTo(165);
    }

    @Test
    void shouldPriceTheSameTokensOnThePremiumModelForTheSaving() {
        send(answer("r1", "ada", T0, call(1, "cheap", 100, 50, 40, 110, T0)));

        SpendTotals totals = windows(SpendDimension.USER, "ada").getFirst().value;
        // (100 - 40 cached + 50) tokens at ten micro-dollars each on anthropic/best.
        assertThat(totals.getPremiumCostMicros()).isEqualTo(1_100);
        assertThat(totals.getCachedInputTokens()).isEqualTo(40);
    }

    @Test
    void shouldCountARepeatedResponseOnce() {
        LlmResponse first = answer("r1", "ada", T0, call(1, "cheap", 100, 50, 0, 150, T0), call(2, "cheap", 100, 50, 0, 150, T0));
        send(first);
        // The redelivered dispatch is answered again a minute and a half later: same request.
        send(LlmResponse.newBuilder(first).setCompletedAt(T0.plusSeconds(90)).build());

        SpendTotals totals = windows(SpendDimension.USER, "ada").getFirst().value;
        assertThat(totals.getCalls()).isEqualTo(2);
        assertThat(totals.getCostMicros()).isEqualTo(300);
        assertThat(windows(SpendDimension.MODEL, "openai/cheap").getFirst().value.getCostMicros()).isEqualTo(300);
    }

    @Test
    void shouldNotCountACallLaterThanItsWindowsGrace() {
        send(answer("r1", "ada", T0.plus(Duration.ofDays(2)), call(1, "cheap", 1, 1, 0, 2, T0.plus(Duration.ofDays(2)))));

        send(answer("r2", "ada", T0, call(1, "cheap", 100, 50, 0, 150, T0)));

        assertThat(windows(SpendDimension.USER, "ada")).extracting(kv -> kv.value.getCostMicros()).containsExactly(2L);
    }

    @Test
    void shouldRememberRecentDecisionsWithoutTheAnswerText() {
        responses.pipeInput("ada", Decisions.response("r1", "the secret answer", T0), T0);
        driver.advanceWallClockTime(RecentDecisionsStage.FLUSH_INTERVAL);

        KeyValueStore<Integer, LlmResponse> store = driver.getKeyValueStore(RecentDecisionsStage.STORE);
        try (KeyValueIterator<Integer, LlmResponse> all = store.all()) {
            LlmResponse remembered = all.next().value;
            assertThat(remembered.getRequestId()).isEqualTo("r1");
            assertThat(remembered.getContent()).isNull();
            assertThat(remembered.getDecision().getReasonDetail()).isEqualTo("route 1 matched");
            assertThat(all.hasNext()).isFalse();
        }
    }

    private static Attempt call(int number, String model, long input, long output, long cached, long costMicros, Instant at) {
        return Answers.call(number, "openai", model, input, output, cached, costMicros, at);
    }

    private static LlmResponse answer(String requestId, String user, Instant at, Attempt... calls) {
        return Answers.of(requestId, user, at, calls).build();
    }

    private void send(LlmResponse response) {
        responses.pipeInput(response.getUserId(), response, response.getCompletedAt());
    }

    /** The hourly windows of one key within a day either side of {@link #T0}. */
    private List<KeyValue<Instant, SpendTotals>> windows(SpendDimension dimension, String value) {
        WindowStore<String, SpendTotals> store = driver.getWindowStore(SpendStage.STORE);
        List<KeyValue<Instant, SpendTotals>> found = new ArrayList<>();
        try (var iterator = store.fetch(dimension.key(value), T0.minusSeconds(86_400), T0.plusSeconds(3 * 86_400))) {
            iterator.forEachRemaining(kv -> found.add(KeyValue.pair(Instant.ofEpochMilli(kv.key), kv.value)));
        }
        return found;
    }
}
