package dev.llmrouter.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.classify.FeatureClassifier;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RouteConfig;
import dev.llmrouter.route.RouteStage;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.support.Requests;
import dev.llmrouter.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The classify stage hands a request to the route stage in the same task when the request already sits
 * in the partition of its user's route state, and re-keys it through the classified topic otherwise.
 * The test driver reads every input from partition 0 of topics with four partitions, so a user whose id
 * maps to partition 0 is handed off and any other user is not.
 */
@ExtendWith(SchemaRegistryExtension.class)
class ClassifyRouteHandOffTest {

    private static final int PARTITIONS = 4;
    private static final String POLICY = """
            version: hand-off-test
            tiers:
              economy: [openai/cheap]
            routes: []
            default-tier: economy
            default-output-tokens: 100
            budgets:
              default: {period: day, limit-usd: 1.00}
            """;

    private Topology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<String, PromptRequest> requests;
    private TestOutputTopic<String, ClassifiedRequest> classified;
    private TestOutputTopic<String, DispatchRecord> dispatch;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        Topics topics = new Topics(PARTITIONS, Map.of("schema.registry.url", registry.url()));
        topology = PipelineTopology.build(topics, ClassifyConfig.defaults(), new FeatureClassifier(),
                RouteConfig.of(PolicyLoader.parse(POLICY, "hand-off-test")), (model, in, out) -> in + out);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hand-off-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(topology, props);
        requests = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(), topics.requests().valueSerde().serializer());
        classified = driver.createOutputTopic(Topics.REQUESTS_CLASSIFIED, Serdes.String().deserializer(),
                topics.requestsClassified().valueSerde().deserializer());
        dispatch = driver.createOutputTopic(Topics.DISPATCH, Serdes.String().deserializer(), topics.dispatch().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldRouteARequestInItsUsersPartitionWithoutTheClassifiedTopic() {
        String user = userInPartition(0);
        PromptRequest request = Requests.prompt(user, "What is the capital of Chile?");

        requests.pipeInput(user, request);

        assertThat(classified.isEmpty()).as("nothing crosses the classified topic").isTrue();
        var routed = dispatch.readKeyValue();
        assertThat(routed.key).isEqualTo(user);
        assertThat(routed.value.getRequest()).isEqualTo(request);
        assertThat(reservedMicros(user)).isPositive();
    }

    @Test
    void shouldRekeyARequestOutsideItsUsersPartitionThroughTheClassifiedTopic() {
        String user = userInPartition(3);
        PromptRequest request = Requests.prompt(user, "What is the capital of Chile?");

        requests.pipeInput(user, request);

        var rekeyed = classified.readKeyValue();
        assertThat(rekeyed.key).isEqualTo(user);
        assertThat(rekeyed.value.getRequest()).isEqualTo(request);
        // The driver feeds the classified topic back in, as the broker would to the task of partition 3.
        assertThat(dispatch.readKeyValue().value.getRequest()).isEqualTo(request);
        assertThat(reservedMicros(user)).isPositive();
    }

    @Test
    void shouldRekeyARequestKeyedBySomethingElseEvenInItsUsersPartition() {
        String user = userInPartition(0);
        PromptRequest request = Requests.prompt(user, "What is the capital of Chile?");

        requests.pipeInput("session-42", request);

        // Handed off: where the record sits decides, not its key.
        assertThat(classified.isEmpty()).isTrue();
        assertThat(dispatch.readKeyValue().key).isEqualTo(user);
    }

    @Test
    void shouldRunClassifyAndRouteInOneSubtopology() {
        var subtopologies = topology.describe().subtopologies();

        var withRequests = subtopologies.stream()
                .filter(sub -> sub.nodes().stream().anyMatch(node -> node instanceof TopologyDescription.Source source
                        && source.topicSet().contains(Topics.REQUESTS)))
                .toList();
        assertThat(withRequests).hasSize(1);
        assertThat(withRequests.getFirst().nodes()).anySatisfy(node -> assertThat(node.name()).isEqualTo(RouteStage.NAME));
    }

    private long reservedMicros(String user) {
        BudgetState state = driver.<String, BudgetState>getKeyValueStore(RouteStage.BUDGET_STORE).get(user);
        assertThat(state).as("budget of " + user).isNotNull();
        return state.getReservedMicros();
    }

    /** A user id the producer's default partitioner places in {@code partition}. */
    private static String userInPartition(int partition) {
        return IntStream.range(0, 1_000).mapToObj(i -> "user-" + i)
                .filter(user -> BuiltInPartitioner.partitionForKey(user.getBytes(StandardCharsets.UTF_8), PARTITIONS) == partition)
                .findFirst().orElseThrow();
    }
}
