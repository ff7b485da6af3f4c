package dev.llmrouter.route;

import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PolicyRecord;
import dev.llmrouter.topics.TopicAdmin;
import dev.llmrouter.topics.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes a routing policy to the compacted policy topic, after validating it exactly as the
 * instances will: an invalid file is never published. Every running instance applies it at once.
 */
public final class PolicyPublisher {

    /** Where the policy went. */
    public record Published(String version, int partition, long offset) {
    }

    private PolicyPublisher() {
    }

    /**
     * @param kafka  client settings (bootstrap servers, security)
     * @param source names the text in error messages and in the record (e.g. its file name)
     * @throws PolicyLoader.InvalidPolicyException when the policy is invalid; nothing is published then
     */
    public static Published publish(Map<String, Object> kafka, Topics topics, short replicationFactor, String yaml, String source,
                                    Predicate<ModelRef> knownModel) throws InterruptedException {
        RoutingPolicy policy = PolicyLoader.parse(yaml, source, knownModel);
        TopicAdmin.ensureTopics(kafka, List.of(topics.policy()), replicationFactor);
        Map<String, Object> producerConfig = new HashMap<>(kafka);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        PolicyRecord record = PolicyRecord.newBuilder().setVersion(policy.version()).setYaml(yaml).setSource(source)
                .setPublishedAt(Instant.now()).build();
        try (var producer = new KafkaProducer<>(producerConfig, topics.policy().keySerde().serializer(),
                topics.policy().valueSerde().serializer())) {
            RecordMetadata written = producer.send(new ProducerRecord<>(topics.policy().name(), PolicySource.POLICY_KEY, record)).get();
            return new Published(policy.version(), written.partition(), written.offset());
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish policy " + policy.version() + " to " + topics.policy().name() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
