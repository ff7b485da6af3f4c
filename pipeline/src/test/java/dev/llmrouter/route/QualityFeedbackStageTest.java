package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.TokenUsage;
import dev.llmrouter.support.Requests;
import dev.llmrouter.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The route stage learns from the quality ratings on llm-responses and shifts traffic accordingly. */
@ExtendWith(SchemaRegistryExtension.class)
class QualityFeedbackStageTest {

    private static final String POLICY = """
            version: feedback-1
            tiers:
              economy: [openai/cheap]
              premium: [anthropic/best]
            default-tier: premium
            default-output-tokens: 100
            selection:
              min-gain-per-usd: 5
              models:
                - {model: openai/cheap, prior: mixtral-8x7b-instruct}
                - {model: anthropic/best, prior: gpt-4-1106-preview}
            """;
    /** The premium model costs twenty times as much per token. */
    private static final CostEstimator COSTS = (model, in, out) -> (in + out) * (model.getModel().equals("best") ? 20 : 1);
    private static final Map<String, Double> MATH_WORD_PROBLEMS = Map.of("gsm8k", 1.0);

    private TopologyTestDriver driver;
    private TestInputTopic<String, ClassifiedRequest> classified;
    private TestInputTopic<String, LlmResponse> responses;
    private TestOutputTopic<String, DispatchRecord> dispatch;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        Topics topics = new Topics(1, Map.of("schema.registry.url", registry.url()));
        StreamsBuilder builder = new StreamsBuilder();
        new RouteStage(RouteConfig.of(PolicyLoader.parse(POLICY, "feedback-policy")), topics, COSTS).addTo(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "feedback-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        classified = driver.createInputTopic(Topics.REQUESTS_CLASSIFIED, Serdes.String().serializer(),
                topics.requestsClassified().valueSerde().serializer());
        responses = driver.createInputTopic(Topics.RESPONSES, Serdes.String().serializer(), topics.responses().valueSerde().serializer());
        dispatch = driver.createOutputTopic(Topics.DISPATCH, Serdes.String().deserializer(), topics.dispatch().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldShiftTrafficToTheCheapModelOnceItsAnswersKeepMeetingTheBar() {
        classified.pipeInput("ada", mathRequest());
        assertThat(dispatch.readValue().getDecision().getPrimary()).isEqualTo(new ModelRef("anthropic", "best"));

        for (int i = 0; i < 300; i++) {
            responses.pipeInput("ada", ratedResponse("r" + i, 1.0));
        }
        classified.pipeInput("ada", mathRequest());

        DispatchRecord after = dispatch.readValue();
        assertThat(after.getDecision().getPrimary()).isEqualTo(new ModelRef("openai", "cheap"));
        assertThat(after.getDecision().getReasonDetail()).startsWith("selection: openai/cheap");
    }

    private static ClassifiedRequest mathRequest() {
        return new ClassifiedRequest(Requests.prompt("ada", "A word problem"), Classification.newBuilder().setCategory(TaskCategory.MATH)
                .setEstimatedInputTokens(1_000).setClassifierVersion("test").setTopics(MATH_WORD_PROBLEMS).build());
    }

    private static LlmResponse ratedResponse(String requestId, double score) {
        Attempt attempt = Attempt.newBuilder().setAttempt(1).setTarget(new ModelRef("openai", "cheap")).setReason(CostReason.SPECULATIVE)
                .setOutcome(AttemptOutcome.SUCCESS).setQualityScore(score).build();
        return LlmResponse.newBuilder().setRequestId(requestId).setUserId("ada").setStatus(ResponseStatus.OK).setContent("42")
                .setUsage(new TokenUsage(10L, 10L, 0L, 0L)).setAttempts(List.of(attempt)).setQualityScore(score)
                .setClassification(Classification.newBuilder().setTopics(MATH_WORD_PROBLEMS).build())
                .setCompletedAt(Instant.now()).build();
    }
}
