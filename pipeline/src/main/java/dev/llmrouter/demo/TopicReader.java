package dev.llmrouter.demo;

import dev.llmrouter.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a whole topic from its beginning, without a consumer group: for the demo and benchmarks. */
public final class TopicReader<K, V> implements AutoCloseable {

    private final KafkaConsumer<K, V> consumer;

    public TopicReader(Map<String, Object> kafkaConfig, Topic<K, V> topic) {
        Map<String, Object> config = new java.util.HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < topic.partitions(); p++) {
            partitions.add(new TopicPartition(topic.name(), p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Values that arrived within {@code timeout}. */
    public List<V> poll(Duration timeout) {
        List<V> values = new ArrayList<>();
        for (ConsumerRecord<K, V> record : consumer.poll(timeout)) {
            values.add(record.value());
        }
        return values;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
