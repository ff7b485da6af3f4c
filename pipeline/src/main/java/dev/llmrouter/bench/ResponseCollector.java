package dev.llmrouter.bench;

import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads every response on its own thread and keeps, per request id, the first response and when it
 * arrived: benchmarks measure rates and latencies from it.
 */
final class ResponseCollector implements AutoCloseable {

    record Arrival(LlmResponse response, long arrivedNanos) {
    }

    private final KafkaConsumer<String, LlmResponse> consumer;
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    /** Arrivals per run prefix (a request id up to its first '-'): waiting for a run must not walk every arrival. */
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ResponseCollector(Map<String, Object> kafkaConfig, Topic<String, LlmResponse> topic) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < topic.partitions(); p++) {
            partitions.add(new TopicPartition(topic.name(), p));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = Thread.ofPlatform().name("bench-responses").start(this::loop);
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                records.forEach(record -> {
                    String id = record.value().getRequestId();
                    if (arrivals.putIfAbsent(id, new Arrival(record.value(), now)) == null) {
                        counts.computeIfAbsent(prefixOf(id), k -> new LongAdder()).increment();
                    }
                });
            }
        } catch (WakeupException stopping) {
            // close() woke the poll.
        } finally {
            consumer.close();
        }
    }

    /** Responses whose request id starts with {@code prefix}. */
    List<Arrival> withPrefix(String prefix) {
        return arrivals.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList();
    }

    /** Responses to requests whose id starts with {@code prefix}, a run's prefix ending in '-' (e.g. {@code ovh-}). */
    long count(String prefix) {
        if (!prefix.equals(prefixOf(prefix))) {
            throw new IllegalArgumentException("a run prefix ends at its first '-': " + prefix);
        }
        LongAdder count = counts.get(prefix);
        return count == null ? 0 : count.sum();
    }

    private static String prefixOf(String requestId) {
        int dash = requestId.indexOf('-');
        return dash < 0 ? requestId : requestId.substring(0, dash + 1);
    }

    /** Waits until {@code expected} responses with the prefix arrived, or the timeout passed. */
    boolean await(String prefix, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(prefix) < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
    }
}
