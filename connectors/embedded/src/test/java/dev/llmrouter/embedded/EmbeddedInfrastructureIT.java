package dev.llmrouter.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class EmbeddedInfrastructureIT {

    @Test
    void shouldDeliverRecordsThroughTheRealBroker(KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("greetings", 3, (short) 1))).all().get();
        }
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("greetings", "k", "hello")).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "greeting-readers");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("greetings"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            for (int i = 0; i < 50 && records.isEmpty(); i++) {
                records = consumer.poll(Duration.ofMillis(200));
            }
            assertThat(records).extracting(r -> r.value()).containsExactly("hello");
        }
    }

    @Test
    void shouldRunTheFeatureLevelsOfANewlyFormattedBroker(KafkaCluster kafka) throws Exception {
        // given the broker the tests, the demo and the benchmarks run on
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // when its finalized features are read
            Map<String, FinalizedVersionRange> features = admin.describeFeatures().featureMetadata().get().finalizedFeatures();

            // then transactions run on the current protocol (no client round trip per partition added) and the
            // consumer group protocol is there, as on a broker formatted with kafka-storage
            assertThat(features.get("transaction.version")).isNotNull()
                    .satisfies(range -> assertThat(range.maxVersionLevel()).isGreaterThanOrEqualTo((short) 2));
            assertThat(features.get("group.version")).isNotNull()
                    .satisfies(range -> assertThat(range.maxVersionLevel()).isGreaterThanOrEqualTo((short) 1));
        }
    }

    @Test
    void shouldRefuseToAutoCreateTopics(KafkaCluster kafka) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500");
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            Throwable failure = null;
            try {
                producer.send(new ProducerRecord<>("never-created", "k", "v")).get();
            } catch (Exception e) {
                failure = e;
            }
            assertThat(failure).isNotNull();
            assertThat(failure).satisfiesAnyOf(
                    f -> assertThat(f).hasRootCauseInstanceOf(UnknownTopicOrPartitionException.class),
                    f -> assertThat(f).hasMessageContaining("not present in metadata"));
        }
    }

    @Test
    void shouldServeTheConfluentRegistryApi(SchemaRegistryProcess registry) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String schema = "{\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}";
        HttpRequest register = HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/embedded-check-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(schema)).build();
        HttpResponse<String> first = http.send(register, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = http.send(register, HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).matches("\\{\"id\":\\d+}");
        assertThat(second.body()).isEqualTo(first.body());
    }
}
