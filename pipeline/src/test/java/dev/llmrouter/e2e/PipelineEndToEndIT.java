package dev.llmrouter.e2e;

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
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.DeadLetter;
import dev.llmrouter.schema.DeadLetterReason;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.simulator.WireFormat;
import dev.llmrouter.support.Requests;
import dev.llmrouter.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** From request to response and cost event, through every stage, on a real broker, registry and HTTP providers. */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class PipelineEndToEndIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void shouldAnswerEveryRequestAndChargeEveryCallAndDeadLetterBadInput(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                          @TempDir Path stateDir) throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults())) {
            PipelineConfig config = new PipelineConfig(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    Map.of("schema.registry.url", registry.url()),
                    3, (short) 1, StreamsSettings.defaults(stateDir), ClassifyConfig.defaults(),
                    dev.llmrouter.worker.WorkerConfig.defaults().withAttemptTimeout(Duration.ofSeconds(10)), 1,
                    EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null);
            try (Pipeline pipeline = Pipeline.start(config)) {
                Topics topics = pipeline.topics();
                List<PromptRequest> valid = new ArrayList<>();
                String[] prompts = {"Hello!", "What is the capital of Chile?", "Write a Java method that sorts a list of strings.",
                        "Design a distributed lock service and explain the failure handling step by step with edge cases.",
                        "Translate 'good night' into Italian."};
                for (int i = 0; i < 20; i++) {
                    valid.add(Requests.prompt("user-" + (i % 4), prompts[i % prompts.length]));
                }
                PromptRequest invalid = Requests.prompt("user-9", "Tell me a joke.");
                invalid.setMaxOutputTokens(-1);
                byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);

                try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                        topics.requests().keySerde().serializer(), topics.requests().valueSerde().serializer());
                     var raw = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                             new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (PromptRequest request : valid) {
                        producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getUserId(), request));
                    }
                    producer.send(new ProducerRecord<>(Topics.REQUESTS, invalid.getUserId(), invalid));
                    raw.send(new ProducerRecord<>(Topics.REQUESTS, "mallory".getBytes(StandardCharsets.UTF_8), garbage));
                }

                Map<String, byte[]> responseBytes = readUntil(kafka, Topics.RESPONSES, valid.size() + 1, PipelineEndToEndIT::position);
                Map<String, LlmResponse> responses = responseBytes.values().stream()
                        .map(bytes -> topics.responses().valueSerde().deserializer().deserialize(Topics.RESPONSES, bytes))
                        .collect(Collectors.toMap(LlmResponse::getRequestId, Function.identity()));

                // Every request is answered; the invalid one says why.
                assertThat(responses).hasSize(valid.size() + 1);
                for (PromptRequest request : valid) {
                    LlmResponse response = responses.get(request.getRequestId());
                    assertThat(response.getStatus()).as(request.getRequestId()).isEqualTo(ResponseStatus.OK);
                    assertThat(response.getContent()).isNotBlank();
                    assertThat(response.getProvider()).isEqualTo(response.getDecision().getPrimary().getProvider());
                    assertThat(response.getCostMicros()).isPositive();
                    assertThat(response.getUsage().getInputTokens()).isPositive();
                }
                assertThat(responses.get(invalid.getRequestId()).getStatus()).isEqualTo(ResponseStatus.INVALID);

                // One cost event per billed call, adding up to each response's cost.
                List<CostEvent> costs = readUntil(kafka, Topics.COST_EVENTS, valid.size(), PipelineEndToEndIT::position)
                        .values().stream().map(b -> topics.costEvents().valueSerde().deserializer().deserialize(Topics.COST_EVENTS, b)).toList();
                Map<String, Long> costByRequest = costs.stream()
                        .collect(Collectors.groupingBy(CostEvent::getRequestId, Collectors.summingLong(CostEvent::getCostMicros)));
                for (PromptRequest request : valid) {
                    assertThat(costByRequest.get(request.getRequestId())).isEqualTo(responses.get(request.getRequestId()).getCostMicros());
                }
                assertThat(costs).allSatisfy(event -> assertThat(event.getPriceCatalogVersion()).isEqualTo(pipeline.catalog().version()));

                // Bad input is on the dead-letter topic with a readable reason and its original bytes.
                List<DeadLetter> letters = readUntil(kafka, Topics.REQUESTS_DLQ, 2, PipelineEndToEndIT::position)
                        .values().stream().map(b -> topics.deadLetters().valueSerde().deserializer().deserialize(Topics.REQUESTS_DLQ, b)).toList();
                assertThat(letters).extracting(DeadLetter::getReason)
                        .containsExactlyInAnyOrder(DeadLetterReason.DESERIALIZATION, DeadLetterReason.VALIDATION);
                DeadLetter unreadable = letters.stream().filter(l -> l.getReason() == DeadLetterReason.DESERIALIZATION).findFirst().orElseThrow();
                assertThat(unreadable.getError()).containsIgnoringCase("magic byte");
                assertThat(bytes(unreadable.getValue())).isEqualTo(garbage);

                // The schema id in each record resolves in the registry.
                byte[] anyResponse = responseBytes.values().iterator().next();
                assertThat(anyResponse[0]).isZero();
                int schemaId = ByteBuffer.wrap(anyResponse, 1, 4).getInt();
                HttpResponse<String> schema = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(registry.url() + "/schemas/ids/" + schemaId)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(schema.statusCode()).isEqualTo(200);
                assertThat(schema.body()).contains("LlmResponse");
            }
        }
    }


    /** Reads a topic from the start until {@code count} distinct records (by {@code identity}) arrived. */
    private static Map<String, byte[]> readUntil(KafkaCluster kafka, String topic, int count,
                                                 Function<ConsumerRecord<byte[], byte[]>, String> identity) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, byte[]> seen = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.putIfAbsent(identity.apply(record), record.value());
                }
            }
        }
        assertThat(seen).as("records on " + topic).hasSizeGreaterThanOrEqualTo(count);
        return seen;
    }

    private static String position(ConsumerRecord<byte[], byte[]> record) {
        return record.partition() + "@" + record.offset();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
