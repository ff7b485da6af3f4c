package dev.llmrouter.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.DeadLetter;
import dev.llmrouter.schema.DeadLetterReason;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.support.Requests;
import dev.llmrouter.topics.Topics;
import java.nio.charset.StandardCharsets;
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

@ExtendWith(SchemaRegistryExtension.class)
class ClassifyStageTest {

    private TopologyTestDriver driver;
    private Topics topics;
    private TestInputTopic<String, PromptRequest> requests;
    private TestInputTopic<byte[], byte[]> rawRequests;
    private TestOutputTopic<String, ClassifiedRequest> classified;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;
    private TestOutputTopic<String, LlmResponse> responses;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        topics = new Topics(1, Map.of("schema.registry.url", registry.url()));
        StreamsBuilder builder = new StreamsBuilder();
        new ClassifyStage(new ClassifyConfig(1_000, 4_096, 8_192), topics, new FeatureClassifier()).addTo(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "classify-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        requests = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(), topics.requests().valueSerde().serializer());
        rawRequests = driver.createInputTopic(Topics.REQUESTS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        classified = driver.createOutputTopic(Topics.REQUESTS_CLASSIFIED, Serdes.String().deserializer(),
                topics.requestsClassified().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.REQUESTS_DLQ, Serdes.ByteArray().deserializer(),
                topics.deadLetters().valueSerde().deserializer());
        responses = driver.createOutputTopic(Topics.RESPONSES, Serdes.String().deserializer(), topics.responses().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldTagValidRequestAndKeyItByUser() {
        PromptRequest request = Requests.prompt("ada", "Write a Python function that reverses a linked list.");

        requests.pipeInput("some-other-key", request);

        var output = classified.readKeyValue();
        assertThat(output.key).isEqualTo("ada");
        assertThat(output.value.getRequest()).isEqualTo(request);
        assertThat(output.value.getClassification().getCategory()).isEqualTo(TaskCategory.CODE);
        assertThat(output.value.getClassification().getComplexity()).isNotEqualTo(Complexity.UNKNOWN);
        assertThat(output.value.getClassification().getClassifierVersion()).isEqualTo(FeatureClassifier.VERSION);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterUnreadableBytesWithTheOriginalBytes() {
        byte[] garbage = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);

        rawRequests.pipeInput("mallory".getBytes(StandardCharsets.UTF_8), garbage);

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
        assertThat(letter.getError()).startsWith("cannot read request:").containsIgnoringCase("magic byte");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.REQUESTS);
        assertThat(letter.getStage()).isEqualTo(ClassifyStage.NAME);
        assertThat(bytes(letter.getValue())).isEqualTo(garbage);
        assertThat(bytes(letter.getKey())).isEqualTo("mallory".getBytes(StandardCharsets.UTF_8));
        assertThat(classified.isEmpty()).isTrue();
        assertThat(responses.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAndAnswerInvalidWhenMaxTokensIsNegative() {
        PromptRequest request = Requests.prompt("ben", "Tell me a joke.");
        request.setMaxOutputTokens(-5);

        requests.pipeInput("ben", request);

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.getError()).contains("maxOutputTokens is -5");
        assertThat(letter.getValue()).isNotNull();
        LlmResponse response = responses.readValue();
        assertThat(response.getStatus()).isEqualTo(ResponseStatus.INVALID);
        assertThat(response.getRequestId()).isEqualTo(request.getRequestId());
        assertThat(response.getError()).contains("maxOutputTokens");
        assertThat(classified.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterWithoutResponseWhenUserIdIsMissing() {
        PromptRequest request = Requests.prompt("", "Hello there");

        requests.pipeInput("", request);

        assertThat(deadLetters.readValue().getError()).contains("userId is missing");
        assertThat(responses.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectPromptsLongerThanTheLimit() {
        PromptRequest request = Requests.prompt("chen", "x".repeat(1_001));

        requests.pipeInput("chen", request);

        assertThat(deadLetters.readValue().getError()).contains("1001 characters; the limit is 1000");
        assertThat(responses.readValue().getStatus()).isEqualTo(ResponseStatus.INVALID);
    }

    @Test
    void shouldDeadLetterAndAnswerInvalidWhenTheRecordIsLargerThanTheLimit() {
        PromptRequest request = Requests.prompt("eve", "Short prompt, large metadata.");
        request.setMetadata(java.util.Map.of("blob", "y".repeat(10_000)));

        requests.pipeInput("eve", request);

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.getError()).containsPattern("the record is \\d+ bytes; the limit is 8192");
        LlmResponse response = responses.readValue();
        assertThat(response.getStatus()).isEqualTo(ResponseStatus.INVALID);
        assertThat(response.getError()).contains("the limit is 8192");
        assertThat(classified.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepProcessingAfterBadInput() {
        // Confluent framing with schema id 0x7fffff00, which no registry has handed out.
        rawRequests.pipeInput("x".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, 0, 1, 2});
        PromptRequest good = Requests.prompt("dara", "What is the capital of France?");

        requests.pipeInput("dara", good);

        assertThat(deadLetters.readValue().getError()).contains(String.valueOf(0x7fffff00));
        assertThat(classified.readValue().getRequest().getRequestId()).isEqualTo(good.getRequestId());
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
