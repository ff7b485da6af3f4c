package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.support.Requests;
import dev.llmrouter.support.TopicConsumers;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy published while the pipeline runs decides the next request, and its version is on the
 * response and the cost event; an invalid one is refused by the publisher, and one written to the
 * topic behind its back is ignored by the running instance.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class PolicyPublishIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String V1 = """
            version: publish-v1
            tiers:
              economy: [openai/gpt-4.1-nano]
              premium: [openai/gpt-5]
            default-tier: economy
            """;
    private static final String V2 = V1.replace("publish-v1", "publish-v2").replace("default-tier: economy", "default-tier: premium");

    @Test
    void shouldApplyAPublishedPolicyToTheNextRequestWithoutRestart(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                     @TempDir Path dir) throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults())) {
            PipelineConfig config = new PipelineConfig(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    Map.of("schema.registry.url", registry.url()), 2, (short) 1, StreamsSettings.defaults(dir.resolve("state")),
                    ClassifyConfig.defaults(), WorkerConfig.defaults().withAttemptTimeout(Duration.ofSeconds(10)), 1,
                    EmbeddedStack.simulatedProviders(simulator::baseUrl), Files.writeString(dir.resolve("policy.yaml"), V1), null);
            try (Pipeline pipeline = Pipeline.start(config);
                 var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                         pipeline.topics().requests().keySerde().serializer(), pipeline.topics().requests().valueSerde().serializer());
                 var responses = TopicConsumers.readCommitted(kafka.bootstrapServers(), pipeline.topics().responses(), "publish-it-" + Topics.RESPONSES);
                 var costs = TopicConsumers.readCommitted(kafka.bootstrapServers(), pipeline.topics().costEvents(), "publish-it-" + Topics.COST_EVENTS)) {
                Topics topics = pipeline.topics();
                LlmResponse before = ask(producer, responses);

                PolicyPublisher.publish(config.kafka(), topics, (short) 1, V2, "v2.yaml", model -> true);
                LlmResponse after = ask(producer, responses);

                assertThatThrownBy(() -> PolicyPublisher.publish(config.kafka(), topics, (short) 1,
                        V2.replace("publish-v2", "publish-v3").replace("default-tier: premium", "default-tier: premum"), "v3.yaml",
                        model -> true)).isInstanceOf(PolicyLoader.InvalidPolicyException.class).hasMessage("v3.yaml:5: default-tier is 'premum'; allowed: economy, standard, premium");
                try (var raw = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                        topics.policy().keySerde().serializer(), topics.policy().valueSerde().serializer())) {
                    raw.send(new ProducerRecord<>(Topics.POLICY, PolicySource.POLICY_KEY, dev.llmrouter.schema.PolicyRecord.newBuilder()
                            .setVersion("sneaky").setYaml("version: sneaky\\ntiers: {}\\n").setPublishedAt(java.time.Instant.now())
                            .build())).get();
                }
                LlmResponse afterInvalid = ask(producer, responses);

                assertThat(before.getDecision().getPolicyVersion()).isEqualTo("publish-v1");
                assertThat(before.getDecision().getTier()).isEqualTo(Tier.ECONOMY);
                assertThat(after.getDecision().getPolicyVersion()).isEqualTo("publish-v2");
                assertThat(after.getDecision().getTier()).isEqualTo(Tier.PREMIUM);
                assertThat(after.getModel()).isEqualTo("gpt-5");
                assertThat(afterInvalid.getDecision().getPolicyVersion()).isEqualTo("publish-v2");
                Map<String, String> versionByRequest = new HashMap<>();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (versionByRequest.size() < 3 && System.nanoTime() < deadline) {
                    costs.poll(Duration.ofMillis(200)).forEach(r -> versionByRequest.put(r.value().getRequestId(), r.value().getPolicyVersion()));
                }
                assertThat(versionByRequest).containsEntry(before.getRequestId(), "publish-v1")
                        .containsEntry(after.getRequestId(), "publish-v2")
                        .containsEntry(afterInvalid.getRequestId(), "publish-v2");
            }
        }
    }

    private static LlmResponse ask(KafkaProducer<String, PromptRequest> producer, KafkaConsumer<String, LlmResponse> responses)
            throws Exception {
        PromptRequest request = Requests.prompt("ada", "What is the capital of Chile?");
        producer.send(new ProducerRecord<>(Topics.REQUESTS, "ada", request)).get();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : responses.poll(Duration.ofMillis(100))) {
                if (record.value().getRequestId().equals(request.getRequestId())) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("no response to " + request.getRequestId());
    }
}
