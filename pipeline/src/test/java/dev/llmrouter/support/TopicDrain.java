package dev.llmrouter.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads topics from the beginning, committed records only, as fault and security tests check what a run left behind. */
public final class TopicDrain {

    private TopicDrain() {
    }

    /**
     * Reads {@code topic} from the start until {@code done} holds for the values read so far, or until
     * {@code timeout} passed; returns what was read either way (callers assert on it).
     */
    public static <V> List<V> read(String bootstrapServers, String topic, Deserializer<V> values, Predicate<List<V>> done,
                                   Duration timeout) {
        List<V> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(read) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(values.deserialize(topic, record.value()));
                }
            }
        }
        return read;
    }

    /** Every record of every listed topic, raw, read until no new record came for {@code quiet}. */
    public static List<ConsumerRecord<byte[], byte[]>> readAllRaw(String bootstrapServers, List<String> topics, Duration quiet) {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            consumer.subscribe(topics);
            long lastRecord = System.nanoTime();
            while (System.nanoTime() - lastRecord < quiet.toNanos()) {
                var records = consumer.poll(Duration.ofMillis(200));
                records.forEach(read::add);
                if (!records.isEmpty()) {
                    lastRecord = System.nanoTime();
                }
            }
        }
        return read;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "drain-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
