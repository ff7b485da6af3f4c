package dev.llmrouter.client;

import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.TokenUsage;
import dev.llmrouter.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Stands in for the pipeline: answers every request on the request topic that {@code answer} accepts, echoing its prompt. */
final class Responder implements AutoCloseable {

    private final KafkaConsumer<String, PromptRequest> consumer;
    private final KafkaProducer<String, LlmResponse> producer;
    private final Predicate<PromptRequest> answer;
    private final Thread thread;
    private volatile boolean running = true;

    Responder(String bootstrap, Map<String, Object> serde, Predicate<PromptRequest> answer) {
        this.answer = answer;
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "responder", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), AvroSerde.specific(PromptRequest.class, serde, false).deserializer());
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 0),
                new StringSerializer(), AvroSerde.specific(LlmResponse.class, serde, false).serializer());
        consumer.subscribe(List.of(RouterClient.DEFAULT_REQUEST_TOPIC));
        thread = Thread.ofPlatform().name("responder").start(this::loop);
    }

    static LlmResponse echo(PromptRequest request) {
        return LlmResponse.newBuilder().setRequestId(request.getRequestId()).setUserId(request.getUserId())
                .setStatus(ResponseStatus.OK).setContent("echo: " + request.getMessages().getFirst().getContent())
                .setModel("echo-1").setProvider("test").setUsage(TokenUsage.newBuilder().build())
                .setCompletedAt(Instant.now()).build();
    }

    private void loop() {
        try {
            while (running) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (answer.test(record.value())) {
                        producer.send(new ProducerRecord<>(RouterClient.DEFAULT_RESPONSE_TOPIC, record.key(), echo(record.value())));
                    }
                }
            }
        } catch (WakeupException closing) {
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
