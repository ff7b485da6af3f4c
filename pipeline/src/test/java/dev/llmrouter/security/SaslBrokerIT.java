package dev.llmrouter.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.BrokerProcess;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.runtime.ConfigLoader;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.support.Requests;
import dev.llmrouter.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that only accepts SASL-authenticated clients, and a pipeline configured from YAML whose
 * {@code kafka:} section carries the SASL settings: the topic admin, the Streams application's clients and the
 * workers' consumer and producer all connect with them, so requests are answered; a client without them is
 * refused.
 */
@ExtendWith(SchemaRegistryExtension.class)
class SaslBrokerIT {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"router\" password=\"router-secret\";";

    @Test
    void shouldRunThePipelineAgainstASaslOnlyBrokerWithTheSettingsFromConfiguration(SchemaRegistryProcess registry, @TempDir Path dir)
            throws Exception {
        Map<String, String> sasl = Map.of(
                "listeners", "SASL_PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controllerPort}",
                "advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controllerPort}",
                "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "SASL_PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"router\" password=\"router-secret\" user_router=\"router-secret\";");
        Map<String, Object> client = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", JAAS);
        try (BrokerProcess broker = BrokerProcess.start(sasl, client, List.of("-Xmx512m"));
             ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults())) {
            // Given a configuration file whose kafka: section names the SASL settings
            Path yaml = Files.writeString(dir.resolve("pipeline.yaml"), """
                    kafka:
                      bootstrap.servers: %s
                      security.protocol: SASL_PLAINTEXT
                      sasl.mechanism: PLAIN
                      sasl.jaas.config: ${KAFKA_SASL_JAAS_CONFIG}
                    serde:
                      schema.registry.url: %s
                    topics:
                      partitions: 2
                    providers: []
                    """.formatted(broker.bootstrapServers(), registry.url()));
            PipelineConfig loaded = ConfigLoader.load(yaml, name -> name.equals("KAFKA_SASL_JAAS_CONFIG") ? JAAS : null);
            assertThat(loaded.kafka()).containsEntry("security.protocol", "SASL_PLAINTEXT");
            PipelineConfig config = new PipelineConfig(loaded.kafka(), loaded.serde(), 2, (short) 1, StreamsSettings.defaults(dir),
                    ClassifyConfig.defaults(), dev.llmrouter.worker.WorkerConfig.defaults(), 1,
                    EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null);

            try (Pipeline pipeline = Pipeline.start(config)) {
                Topics topics = pipeline.topics();
                PromptRequest request = Requests.prompt("sasl-user", "What is the capital of Norway?");
                Map<String, Object> producerConfig = new HashMap<>(loaded.kafka());
                try (var producer = new KafkaProducer<>(producerConfig, topics.requests().keySerde().serializer(),
                        topics.requests().valueSerde().serializer())) {
                    producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getUserId(), request)).get(30, TimeUnit.SECONDS);
                }
                Map<String, Object> consumerConfig = new HashMap<>(loaded.kafka());
                consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-check");
                consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                LlmResponse response = null;
                try (var consumer = new KafkaConsumer<>(consumerConfig, topics.responses().keySerde().deserializer(),
                        topics.responses().valueSerde().deserializer())) {
                    consumer.subscribe(List.of(Topics.RESPONSES));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
                    while (response == null && System.nanoTime() < deadline) {
                        for (var record : consumer.poll(Duration.ofMillis(200))) {
                            response = record.value();
                        }
                    }
                }
                assertThat(response).isNotNull();
                assertThat(response.getRequestId()).isEqualTo(request.getRequestId());
                assertThat(response.getStatus()).isEqualTo(ResponseStatus.OK);
            }

            // A client without the settings is not let in.
            try (Admin plain = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
                    "default.api.timeout.ms", 3_000, "request.timeout.ms", 2_000))) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.listTopics().names().get())
                        .isInstanceOf(ExecutionException.class);
            }
        }
    }
}
