package dev.llmrouter.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.junit.jupiter.api.Test;

class StreamsClientsTest {

    private static final String THREAD = "app-StreamThread-1";

    @Test
    void shouldLeaveTheProducersFlushesToTheTransactionCommitUnderExactlyOnce() {
        // given the clients of an exactly-once application
        StreamsClients clients = StreamsClients.of(properties(StreamsConfig.EXACTLY_ONCE_V2));

        // when Streams asks for a thread's producer, then its flushes wait for the transaction commit
        try (Producer<byte[], byte[]> producer = clients.getProducer(Map.of("bootstrap.servers", "127.0.0.1:1",
                "client.id", THREAD + "-producer", "transactional.id", "app-1"))) {
            assertThat(producer).isInstanceOf(TransactionFlushedProducer.class);
        }
    }

    @Test
    void shouldGiveEachAtLeastOnceThreadAConsumerThatFlushesItsProducer() {
        // given the clients of an at-least-once application
        StreamsClients clients = StreamsClients.of(properties(StreamsConfig.AT_LEAST_ONCE));

        // when Streams asks for a thread's producer, then for its main consumer
        try (var producer = clients.getProducer(config(THREAD + "-producer"));
             var consumer = clients.getConsumer(config(THREAD + "-consumer"))) {

            // then neither is Kafka's own: the consumer's commits flush the producer (CommitFlushIT)
            assertThat(producer).isNotInstanceOf(KafkaProducer.class);
            assertThat(consumer).isNotInstanceOf(KafkaConsumer.class);
        }
    }

    @Test
    void shouldRefuseAnAtLeastOnceConsumerWithoutItsThreadsProducer() {
        // given the clients of an at-least-once application that made no producer for this thread
        StreamsClients clients = StreamsClients.of(properties(StreamsConfig.AT_LEAST_ONCE));

        // when Streams asks for the thread's main consumer, then there is none whose commits could go unflushed
        assertThatThrownBy(() -> clients.getConsumer(config(THREAD + "-consumer")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(THREAD + "-consumer");
    }

    @Test
    void shouldFlushPerTaskWhenAProductionExceptionHandlerIsConfigured() {
        // given an at-least-once application with its own production exception handler, which may skip failed records
        Properties properties = properties(StreamsConfig.AT_LEAST_ONCE);
        properties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DefaultProductionExceptionHandler.class);
        StreamsClients clients = StreamsClients.of(properties);

        // when Streams asks for a thread's clients, then they are Kafka's own, which Streams flushes per task
        try (var producer = clients.getProducer(config(THREAD + "-producer"));
             var consumer = clients.getConsumer(config(THREAD + "-consumer"))) {
            assertThat(producer).isInstanceOf(KafkaProducer.class);
            assertThat(consumer).isInstanceOf(KafkaConsumer.class);
        }
    }

    private static Properties properties(String guarantee) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        return properties;
    }

    private static Map<String, Object> config(String clientId) {
        return Map.of("bootstrap.servers", "127.0.0.1:1", "client.id", clientId, "group.id", "app");
    }
}
