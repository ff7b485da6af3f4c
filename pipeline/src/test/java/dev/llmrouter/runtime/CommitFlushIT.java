package dev.llmrouter.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.junit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Streams' producer is flushed at the commit, not for each task: on a real broker, the commit alone still writes every
 * record sent before it, and commits nothing when one of them failed, under either guarantee.
 */
@ExtendWith(KafkaExtension.class)
class CommitFlushIT {

    @Test
    void shouldSendEveryRecordOfTheTransactionAtItsCommitAndNotAtAFlush(KafkaCluster kafka) throws Exception {
        // given the exactly-once producer, whose batches would otherwise wait a minute to fill
        String topic = createTopic(kafka, Map.of());
        try (Producer<byte[], byte[]> producer = producer(kafka, Map.of(ProducerConfig.LINGER_MS_CONFIG, 60_000))) {
            producer.initTransactions();
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, bytes("k" + i), bytes("v" + i))));
            }

            // when Streams flushes it, as it does for each task before a commit
            producer.flush();

            // then nothing was sent yet
            assertThat(sent).noneMatch(Future::isDone);

            // and when the transaction commits, every record is sent and committed
            producer.commitTransaction();
            assertThat(sent).allMatch(Future::isDone);
            assertThat(readCommitted(kafka, topic, 10)).extracting(ConsumerRecord::value)
                    .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        }
    }

    @Test
    void shouldCommitNoRecordOfATransactionInWhichOneFailed(KafkaCluster kafka) throws Exception {
        // given a topic whose broker refuses records over 1 KB, and a transaction that writes there and elsewhere
        String accepting = createTopic(kafka, Map.of());
        String refusing = createTopic(kafka, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1024"));
        try (Producer<byte[], byte[]> producer = producer(kafka, Map.of())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(accepting, bytes("k"), bytes("written before the failure")));
            producer.send(new ProducerRecord<>(refusing, bytes("k"), new byte[4096]));
            producer.flush();

            // when the transaction commits, then the commit fails
            assertThatThrownBy(producer::commitTransaction).isInstanceOf(KafkaException.class);
            producer.abortTransaction();

            // and a later transaction is all a read_committed reader sees
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(accepting, bytes("k"), bytes("next transaction")));
            producer.commitTransaction();
        }
        assertThat(readCommitted(kafka, accepting, 1)).extracting(ConsumerRecord::value).containsExactly("next transaction");
    }

    @Test
    void shouldWriteEveryRecordSentBeforeTheOffsetCommitAtTheCommitAndNotAtAFlush(KafkaCluster kafka) throws Exception {
        // given a stream thread's at-least-once producer, whose batches would otherwise wait a minute to fill, and its consumer
        String input = createTopic(kafka, Map.of());
        String output = createTopic(kafka, Map.of());
        try (AtLeastOnceThread thread = atLeastOnceThread(kafka, Map.of(ProducerConfig.LINGER_MS_CONFIG, 60_000))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(thread.producer().send(new ProducerRecord<>(output, bytes("k" + i), bytes("v" + i))));
            }

            // when Streams flushes the producer, as it does for each task before a commit
            thread.producer().flush();

            // then nothing was sent yet
            assertThat(sent).noneMatch(Future::isDone);

            // and when the offsets are committed, every record was written first
            TopicPartition partition = new TopicPartition(input, 0);
            thread.consumer().assign(List.of(partition));
            thread.consumer().commitSync(Map.of(partition, new OffsetAndMetadata(7)));
            assertThat(sent).allMatch(future -> future.state() == Future.State.SUCCESS);
            assertThat(thread.consumer().committed(Set.of(partition))).containsEntry(partition, new OffsetAndMetadata(7));
        }
        assertThat(readCommitted(kafka, output, 10)).hasSize(10);
    }

    @Test
    void shouldNotCommitOffsetsPastARecordThatWasNotWritten(KafkaCluster kafka) throws Exception {
        // given a stream thread that sent a record the broker refuses, after offsets 3 were committed
        String input = createTopic(kafka, Map.of());
        String refusing = createTopic(kafka, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1024"));
        try (AtLeastOnceThread thread = atLeastOnceThread(kafka, Map.of())) {
            TopicPartition partition = new TopicPartition(input, 0);
            thread.consumer().assign(List.of(partition));
            thread.consumer().commitSync(Map.of(partition, new OffsetAndMetadata(3)));
            thread.producer().send(new ProducerRecord<>(refusing, bytes("k"), new byte[4096]));
            thread.producer().flush();

            // when the thread commits offsets past it, then the commit fails and the committed offsets stay
            assertThatThrownBy(() -> thread.consumer().commitSync(Map.of(partition, new OffsetAndMetadata(9))))
                    .isInstanceOf(KafkaException.class).hasMessageContaining("not written");
            assertThat(thread.consumer().committed(Set.of(partition))).containsEntry(partition, new OffsetAndMetadata(3));

            // and once the records are processed again and written, the commit goes through
            thread.consumer().commitSync(Map.of(partition, new OffsetAndMetadata(9)));
            assertThat(thread.consumer().committed(Set.of(partition))).containsEntry(partition, new OffsetAndMetadata(9));
        }
    }

    private record AtLeastOnceThread(Producer<byte[], byte[]> producer, Consumer<byte[], byte[]> consumer) implements AutoCloseable {

        @Override
        public void close() {
            producer.close();
            consumer.close();
        }
    }

    /** The clients Streams asks for when it creates a stream thread, named as Streams names them. */
    private static AtLeastOnceThread atLeastOnceThread(KafkaCluster kafka, Map<String, Object> producerSettings) {
        Properties streams = new Properties();
        streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        StreamsClients clients = StreamsClients.of(streams);
        String thread = "app-" + UUID.randomUUID() + "-StreamThread-1";
        Map<String, Object> producer = new HashMap<>(producerSettings);
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, thread + "-producer");
        Map<String, Object> consumer = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, thread + "-consumer", ConsumerConfig.GROUP_ID_CONFIG, "group-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new AtLeastOnceThread(clients.getProducer(producer), clients.getConsumer(consumer));
    }

    private static Producer<byte[], byte[]> producer(KafkaCluster kafka, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "flush-" + UUID.randomUUID());
        Properties streams = new Properties();
        streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        Producer<byte[], byte[]> producer = StreamsClients.of(streams).getProducer(config);
        assertThat(producer).isInstanceOf(TransactionFlushedProducer.class);
        return producer;
    }

    private static String createTopic(KafkaCluster kafka, Map<String, String> configs) throws Exception {
        String name = "flush-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all().get();
        }
        return name;
    }

    /** Reads until {@code count} committed records arrived, then a little longer, so that extra records show. */
    private static List<ConsumerRecord<String, String>> readCommitted(KafkaCluster kafka, String topic, int count) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
