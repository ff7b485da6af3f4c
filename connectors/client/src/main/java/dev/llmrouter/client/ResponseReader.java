package dev.llmrouter.client;

import dev.llmrouter.schema.LlmResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the response topic on a thread of its own and hands every readable response to a sink.
 *
 * <p>It assigns itself every partition instead of joining a consumer group: responses are keyed by user,
 * not by client, so each client must see all of them and keep its own; a group would split them between
 * the clients that share it. It starts at the end of each partition, fixed before the first request is
 * sent, so no response to this client's requests can be missed, and reads committed records only
 * (the route stage writes refusals transactionally).
 */
final class ResponseReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResponseReader.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<LlmResponse> values;
    private final String topic;
    private final Consumer<LlmResponse> sink;
    private final Consumer<Exception> onFailure;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param kafka     client settings (bootstrap servers, security, any consumer setting to override)
     * @param values    reads {@link LlmResponse}s in the wire format
     * @param sink      receives every response read, on this reader's thread
     * @param onFailure called once if the reader stops on an error it cannot recover from
     */
    ResponseReader(Map<String, Object> kafka, String clientId, String topic, Deserializer<LlmResponse> values,
                   Consumer<LlmResponse> sink, Consumer<Exception> onFailure, Duration startTimeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putAll(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-responses");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.values = values;
        this.topic = topic;
        this.sink = sink;
        this.onFailure = onFailure;
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, startTimeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("response topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: resolve the positions now, before any request of this client can be answered.
            partitions.forEach(partition -> consumer.position(partition, startTimeout));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        this.thread = Thread.ofPlatform().name(clientId + "-responses").daemon().start(this::loop);
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    LlmResponse response = read(record);
                    if (response != null) {
                        sink.accept(response);
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() ends the poll.
        } catch (RuntimeException e) {
            if (running) {
                log.error("Response reader for {} stopped; pending requests fail", topic, e);
                onFailure.accept(e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** An unreadable record cannot be anyone's answer: it is logged with its position and skipped. */
    private LlmResponse read(ConsumerRecord<byte[], byte[]> record) {
        try {
            return values.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            log.warn("Skipping unreadable response at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
    }
}
