package dev.llmrouter.bench;

import dev.llmrouter.outcome.Responses;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A stand-in for the pipeline that answers every request at once: one consumer of the request topic, one
 * producer of the response topic, no classify, route or provider call. Measuring the ingress in front of it
 * separates what the ingress and the Kafka round trip cost from what the pipeline's stages cost.
 */
final class EchoPipeline implements AutoCloseable {

    private final KafkaConsumer<String, PromptRequest> consumer;
    private final KafkaProducer<String, dev.llmrouter.schema.LlmResponse> producer;
    private final Topics topics;
    private final Thread thread;
    private volatile boolean running = true;

    EchoPipeline(Map<String, Object> kafka, Topics topics) {
        this.topics = topics;
        Map<String, Object> consumerConfig = new HashMap<>(kafka);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "llm-router-bench-echo");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        Map<String, Object> producerConfig = new HashMap<>(kafka);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        consumer = new KafkaConsumer<>(consumerConfig, topics.requests().keySerde().deserializer(), topics.requests().valueSerde().deserializer());
        producer = new KafkaProducer<>(producerConfig, topics.responses().keySerde().serializer(), topics.responses().valueSerde().serializer());
        consumer.subscribe(List.of(topics.requests().name()));
        thread = Thread.ofPlatform().name("bench-echo-pipeline").start(this::loop);
    }

    private void loop() {
        try {
            while (running) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    Instant now = Instant.now();
                    var response = Responses.forRequest(record.value(), now).setStatus(ResponseStatus.OK).setContent("4")
                            .setFinishReason("stop").setProvider("echo").setModel("echo").build();
                    producer.send(new ProducerRecord<>(topics.responses().name(), record.key(), response));
                }
            }
        } catch (WakeupException stopping) {
            // close() ended the poll.
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
        producer.close();
    }
}
