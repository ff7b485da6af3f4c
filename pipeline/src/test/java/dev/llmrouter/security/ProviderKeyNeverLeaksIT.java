package dev.llmrouter.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.bench.PipelineProcess;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RequestHints;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.simulator.WireFormat;
import dev.llmrouter.support.Requests;
import dev.llmrouter.support.TopicDrain;
import dev.llmrouter.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline instance configured with a planted provider key runs as in production (its own process, logging
 * at debug level for its own packages) through failures of every kind: providers that reject the key (401),
 * server errors, an outage, invalid and unreadable input. Then every output is searched for the key: the
 * process's standard output and error, every record (key, value, headers) on every topic including Kafka's
 * internal ones, and the files of its state directory. The key appears nowhere.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class ProviderKeyNeverLeaksIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void shouldNeverWriteTheProviderKeyToLogsTopicsOrStateEvenWhenCallsFail(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                          @TempDir Path dir) throws Exception {
        String planted = "sk-planted-" + UUID.randomUUID().toString().replace("-", "");
        // The distinctive part alone too: a masked echo such as "sk-pl...d41f" would still give part of it away.
        String distinctive = planted.substring(planted.length() - 16);
        SimulatorConfig failing = SimulatorConfig.defaults()
                .withApiKey(WireFormat.OPENAI, "sk-not-the-planted-one")
                .withApiKey(WireFormat.GEMINI, planted)
                .withApiKey(WireFormat.ANTHROPIC, planted)
                .withDefaultProfile(ModelProfile.builder().errorRate(0.3).build());
        try (ProviderSimulator simulator = ProviderSimulator.start(failing)) {
            simulator.outage("claude-opus-4-5", Duration.ofMinutes(10));
            Map<String, Object> kafkaConfig = Map.of("bootstrap.servers", kafka.bootstrapServers());
            PipelineProcess.Options options = PipelineProcess.Options.full("leak-check", kafkaConfig, registry.url(), 2)
                    .withProviderKey(planted)
                    .withJvmOptions(List.of("-Dorg.slf4j.simpleLogger.log.dev.llmrouter=debug",
                            "-Dorg.slf4j.simpleLogger.log.io.github.resilience4j=debug"));
            Topics topics = new Topics(2, Map.of("schema.registry.url", registry.url()));
            List<PromptRequest> valid = new ArrayList<>();
            try (PipelineProcess pipeline = PipelineProcess.start(options, simulator::baseUrl, dir)) {
                String[] prompts = {"Hello!", "What is the capital of Chile?", "Write a Java method that sorts a list of strings.",
                        "Design a distributed lock service and explain the failure handling step by step with edge cases.",
                        "Prove that the square root of 2 is irrational, step by step."};
                for (int i = 0; i < 40; i++) {
                    PromptRequest request = Requests.prompt("user-" + (i % 4), prompts[i % prompts.length]);
                    if (i % 4 == 0) {
                        // The premium tier's primary speaks the OpenAI format, whose simulator rejects the planted key,
                        // and its first fallback is in an outage: these requests take the failure paths every time.
                        request.setHints(RequestHints.newBuilder().setMinTier(Tier.PREMIUM).build());
                    }
                    valid.add(request);
                }
                PromptRequest invalid = Requests.prompt("user-9", "Tell me a joke.");
                invalid.setMaxOutputTokens(-1);
                try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    var serializer = topics.requests().valueSerde().serializer();
                    for (PromptRequest request : valid) {
                        producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getUserId().getBytes(StandardCharsets.UTF_8),
                                serializer.serialize(Topics.REQUESTS, request)));
                    }
                    producer.send(new ProducerRecord<>(Topics.REQUESTS, "user-9".getBytes(StandardCharsets.UTF_8),
                            serializer.serialize(Topics.REQUESTS, invalid)));
                    producer.send(new ProducerRecord<>(Topics.REQUESTS, "mallory".getBytes(StandardCharsets.UTF_8),
                            "not avro".getBytes(StandardCharsets.UTF_8)));
                }

                Set<String> ids = valid.stream().map(PromptRequest::getRequestId).collect(Collectors.toSet());
                List<LlmResponse> responses = TopicDrain.read(kafka.bootstrapServers(), Topics.RESPONSES,
                        topics.responses().valueSerde().deserializer(),
                        read -> read.stream().map(LlmResponse::getRequestId).collect(Collectors.toSet()).containsAll(ids), TIMEOUT);
                assertThat(responses).extracting(LlmResponse::getRequestId).as("a response to every valid request").containsAll(ids);
                // The run went through the failure paths this test is about: 401s from every model in the OpenAI format,
                // 503s from the model in an outage, and answers from the others.
                Set<AttemptOutcome> outcomes = responses.stream().flatMap(r -> r.getAttempts().stream())
                        .map(a -> a.getOutcome()).collect(Collectors.toSet());
                assertThat(outcomes).contains(AttemptOutcome.AUTH, AttemptOutcome.UNAVAILABLE, AttemptOutcome.SUCCESS);
                assertThat(responses).extracting(LlmResponse::getStatus).contains(ResponseStatus.INVALID);
            }

            String log = Files.readString(dir.resolve("leak-check.log"));
            assertThat(log).as("the pipeline's own log").contains("Pipeline running").doesNotContain(planted).doesNotContain(distinctive);
            assertThat(log).as("debug logging was on").contains("DEBUG");

            for (ConsumerRecord<byte[], byte[]> record : everyRecord(kafka)) {
                String where = record.topic() + "@" + record.partition() + ":" + record.offset();
                assertNotIn(record.key(), planted, distinctive, where + " key");
                assertNotIn(record.value(), planted, distinctive, where + " value");
                for (Header header : record.headers()) {
                    assertNotIn(header.value(), planted, distinctive, where + " header " + header.key());
                }
            }
            try (Stream<Path> files = Files.walk(dir.resolve("leak-check-state"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertNotIn(Files.readAllBytes(file), planted, distinctive, "state file " + file);
                }
            }
        }
    }

    /** Every record on every topic of the cluster, Kafka's internal topics included. */
    private static List<ConsumerRecord<byte[], byte[]>> everyRecord(KafkaCluster kafka) throws Exception {
        Set<String> names;
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        }
        assertThat(names).contains(Topics.REQUESTS, Topics.RESPONSES, Topics.COST_EVENTS, Topics.REQUESTS_DLQ, "__consumer_offsets");
        List<ConsumerRecord<byte[], byte[]>> records = TopicDrain.readAllRaw(kafka.bootstrapServers(), List.copyOf(names),
                Duration.ofSeconds(3));
        assertThat(records).isNotEmpty();
        return records;
    }

    private static void assertNotIn(byte[] bytes, String planted, String distinctive, String where) throws IOException {
        if (bytes == null) {
            return;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).as(where).doesNotContain(planted).doesNotContain(distinctive);
    }
}
