package dev.llmrouter.support;

import dev.llmrouter.topics.Topic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Consumers that tests read the pipeline's topics with. */
public final class TopicConsumers {

    private TopicConsumers() {
    }

    /** Subscribed to {@code topic} from its start, reading only committed records, as the pipeline's consumers do. */
    public static <V> KafkaConsumer<String, V> readCommitted(String bootstrapServers, Topic<String, V> topic, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }
}
