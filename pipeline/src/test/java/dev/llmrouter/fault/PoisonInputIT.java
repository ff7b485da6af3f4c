package dev.llmrouter.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.DeadLetter;
import dev.llmrouter.schema.DeadLetterReason;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.support.Requests;
import dev.llmrouter.support.TopicDrain;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison input on the real broker and registry: each kind of bad record lands in {@code llm-requests-dlq}
 * with its reason, the ones that name a user and request are answered INVALID, and a valid request sent
 * right after each of them is still answered: the classify stage keeps running.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class PoisonInputIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(45);
    private static final int MAX_PROMPT_CHARS = 2_000;
    private static final int MAX_RECORD_BYTES = 16_384;

    @Test
    void shouldDeadLetterEachPoisonRecordWithItsReasonAndKeepProcessing(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                       @TempDir Path dir) throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults())) {
            PipelineConfig config = new PipelineConfig(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    Map.of("schema.registry.url", registry.url()), 2, (short) 1, StreamsSettings.defaults(dir),
                    new ClassifyConfig(MAX_PROMPT_CHARS, 4_096, MAX_RECORD_BYTES), WorkerConfig.defaults(), 1,
                    EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null);
            try (Pipeline pipeline = Pipeline.start(config)) {
                Topics topics = pipeline.topics();
                var serializer = topics.requests().valueSerde().serializer();

                PromptRequest oversizedPrompt = Requests.prompt("olga", "z".repeat(MAX_PROMPT_CHARS + 1));
                PromptRequest oversizedRecord = Requests.prompt("oscar", "A short prompt with a lot of metadata.");
                oversizedRecord.setMetadata(Map.of("attachment", "m".repeat(MAX_RECORD_BYTES)));
                PromptRequest missingUser = Requests.prompt("", "Who am I?");
                PromptRequest negativeTokens = Requests.prompt("nina", "Tell me a joke.");
                negativeTokens.setMaxOutputTokens(-3);
                byte[] unknownSchemaId = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(42).array();

                // Original key -> value; the keys name the poison so its dead letter can be found again.
                Map<String, byte[]> poison = new LinkedHashMap<>();
                poison.put("not-avro", "{\"prompt\": \"this is JSON, not Avro\"}".getBytes(StandardCharsets.UTF_8));
                poison.put("unknown-schema-id", unknownSchemaId);
                poison.put("tombstone", null);
                poison.put("oversized-prompt", serializer.serialize(Topics.REQUESTS, oversizedPrompt));
                poison.put("oversized-record", serializer.serialize(Topics.REQUESTS, oversizedRecord));
                poison.put("missing-user", serializer.serialize(Topics.REQUESTS, missingUser));
                poison.put("negative-max-tokens", serializer.serialize(Topics.REQUESTS, negativeTokens));

                List<PromptRequest> valid = new ArrayList<>();
                try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                        "max.request.size", 4 * MAX_RECORD_BYTES), new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (Map.Entry<String, byte[]> bad : poison.entrySet()) {
                        producer.send(new ProducerRecord<>(Topics.REQUESTS, bad.getKey().getBytes(StandardCharsets.UTF_8), bad.getValue()));
                        // A valid request with the same key follows each poison record on its partition.
                        PromptRequest good = Requests.prompt("user-after-" + bad.getKey(), "What is the capital of Peru?");
                        valid.add(good);
                        producer.send(new ProducerRecord<>(Topics.REQUESTS, bad.getKey().getBytes(StandardCharsets.UTF_8),
                                serializer.serialize(Topics.REQUESTS, good)));
                    }
                }

                var letterDeserializer = topics.deadLetters().valueSerde().deserializer();
                Map<String, DeadLetter> letters = TopicDrain.read(kafka.bootstrapServers(), Topics.REQUESTS_DLQ, letterDeserializer,
                                read -> read.size() >= poison.size(), TIMEOUT).stream()
                        .collect(Collectors.toMap(l -> new String(bytes(l.getKey()), StandardCharsets.UTF_8), Function.identity()));
                assertThat(letters).containsOnlyKeys(poison.keySet());
                assertReason(letters.get("not-avro"), DeadLetterReason.DESERIALIZATION, "magic byte");
                assertReason(letters.get("unknown-schema-id"), DeadLetterReason.DESERIALIZATION, "987654");
                assertReason(letters.get("tombstone"), DeadLetterReason.DESERIALIZATION, "tombstone");
                assertReason(letters.get("oversized-prompt"), DeadLetterReason.VALIDATION, "the limit is " + MAX_PROMPT_CHARS);
                assertReason(letters.get("oversized-record"), DeadLetterReason.VALIDATION, "bytes; the limit is " + MAX_RECORD_BYTES);
                assertReason(letters.get("missing-user"), DeadLetterReason.VALIDATION, "userId is missing");
                assertReason(letters.get("negative-max-tokens"), DeadLetterReason.VALIDATION, "maxOutputTokens is -3");
                for (String key : List.of("not-avro", "unknown-schema-id", "oversized-prompt", "negative-max-tokens")) {
                    assertThat(bytes(letters.get(key).getValue())).as("original bytes of " + key).isEqualTo(poison.get(key));
                }

                var responseDeserializer = topics.responses().valueSerde().deserializer();
                Map<String, LlmResponse> responses = TopicDrain.read(kafka.bootstrapServers(), Topics.RESPONSES, responseDeserializer,
                                read -> read.size() >= valid.size() + 3, TIMEOUT).stream()
                        .collect(Collectors.toMap(LlmResponse::getRequestId, Function.identity(), (first, again) -> first));
                assertThat(responses.values()).filteredOn(r -> r.getStatus() == ResponseStatus.INVALID)
                        .extracting(LlmResponse::getRequestId)
                        .containsExactlyInAnyOrder(oversizedPrompt.getRequestId(), oversizedRecord.getRequestId(),
                                negativeTokens.getRequestId());
                for (PromptRequest good : valid) {
                    assertThat(responses.get(good.getRequestId())).as("the valid request after poison from " + good.getUserId())
                            .isNotNull().extracting(LlmResponse::getStatus).isEqualTo(ResponseStatus.OK);
                }
                assertThat(pipeline.streams().orElseThrow().state().isRunningOrRebalancing()).isTrue();
            }
        }
    }

    private static void assertReason(DeadLetter letter, DeadLetterReason reason, String errorContains) {
        assertThat(letter.getReason()).isEqualTo(reason);
        assertThat(letter.getStage()).isEqualTo("classify");
        assertThat(letter.getError()).contains(errorContains);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
