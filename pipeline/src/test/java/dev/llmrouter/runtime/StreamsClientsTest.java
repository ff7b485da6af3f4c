package dev.llmrouter.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsClientsTest {

    @Test
    void shouldLeaveTheProducersFlushesToTheTransactionCommitOnlyUnderExactlyOnce() {
        // given the clients for each guarantee
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test");
        Map<String, Object> plain = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");

        // when Streams asks each for its producer
        try (Producer<byte[], byte[]> exactlyOnce = new StreamsClients(StreamsConfig.EXACTLY_ONCE_V2).getProducer(config);
             Producer<byte[], byte[]> atLeastOnce = new StreamsClients(StreamsConfig.AT_LEAST_ONCE).getProducer(plain)) {

            // then only the exactly-once one skips flushes; at-least-once has no transaction commit to wait instead
            assertThat(exactlyOnce).isInstanceOf(TransactionFlushedProducer.class);
            assertThat(atLeastOnce).isInstanceOf(KafkaProducer.class);
        }
    }
}
