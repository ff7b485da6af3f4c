package dev.llmrouter.route;

import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.CacheStatus;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PolicyRecord;
import dev.llmrouter.support.Answers;
import dev.llmrouter.support.MutableClock;
import dev.llmrouter.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The route stage alone on a TopologyTestDriver, with a hand-moved clock and its own meter registry. */
final class RouteDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<String, ClassifiedRequest> classified;
    final TestInputTopic<String, LlmResponse> responsesIn;
    final TestInputTopic<String, PolicyRecord> policies;
    final TestOutputTopic<String, DispatchRecord> dispatch;
    final TestOutputTopic<String, LlmResponse> responses;

    RouteDriver(String registryUrl, String policyYaml, CostEstimator costs) {
        this(registryUrl, policyYaml, costs, UnaryOperator.identity());
    }

    /** @param configure changes the stage's settings after the test's policy, clock and meters are in */
    RouteDriver(String registryUrl, String policyYaml, CostEstimator costs, UnaryOperator<RouteConfig> configure) {
        Topics topics = new Topics(1, Map.of("schema.registry.url", registryUrl));
        StreamsBuilder builder = new StreamsBuilder();
        RouteConfig config = configure.apply(RouteConfig.of(PolicyLoader.parse(policyYaml, "test-policy")).withClock(clock).withMeters(meters));
        new RouteStage(config, topics, costs).addTo(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "route-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props, START);
        classified = driver.createInputTopic(Topics.REQUESTS_CLASSIFIED, Serdes.String().serializer(),
                topics.requestsClassified().valueSerde().serializer());
        responsesIn = driver.createInputTopic(Topics.RESPONSES, Serdes.String().serializer(), topics.responses().valueSerde().serializer());
        policies = driver.createInputTopic(Topics.POLICY, Serdes.String().serializer(), topics.policy().valueSerde().serializer());
        dispatch = driver.createOutputTopic(Topics.DISPATCH, Serdes.String().deserializer(), topics.dispatch().valueSerde().deserializer());
        responses = driver.createOutputTopic(Topics.RESPONSES, Serdes.String().deserializer(), topics.responses().valueSerde().deserializer());
    }

    KeyValueStore<String, BudgetState> store(String name) {
        return driver.getKeyValueStore(name);
    }

    KeyValueStore<String, CacheStatus> caches() {
        return driver.getKeyValueStore(RouteStage.CACHE_STORE);
    }

    void publish(String yaml, String version) {
        policies.pipeInput(PolicySource.POLICY_KEY, PolicyRecord.newBuilder().setVersion(version).setYaml(yaml)
                .setSource("published.yaml").setPublishedAt(clock.instant()).build());
    }

    /** A worker's answer to an earlier request of {@code user}, whose one call billed {@code micros}. */
    static LlmResponse answered(String user, String requestId, long micros) {
        return Answers.answered(user, requestId, micros, START);
    }

    /** Spend of {@code micros} by {@code user} on an earlier request, as its response settles it. */
    void spend(String user, String requestId, long micros) {
        responsesIn.pipeInput(user, answered(user, requestId, micros));
    }

    /** Answers the dispatched request, whose one call billed {@code micros}: charges them and releases its reservation. */
    void settle(DispatchRecord routed, long micros) {
        var request = routed.getRequest();
        responsesIn.pipeInput(request.getUserId(), dev.llmrouter.outcome.Responses.forDispatch(routed, clock.instant())
                .setStatus(dev.llmrouter.schema.ResponseStatus.OK)
                .setAttempts(java.util.List.of(Answers.call(1, "openai", "cheap", 0, 0, 0, micros, clock.instant())))
                .setCostMicros(micros).build());
    }

    @Override
    public void close() {
        driver.close();
    }
}
