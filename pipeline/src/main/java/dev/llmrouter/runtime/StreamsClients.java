package dev.llmrouter.runtime;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka clients of the Streams application: Kafka's own, with the producer flushed once per commit rather than once
 * per task. Under exactly-once the transaction commit does the flushing ({@link TransactionFlushedProducer}); under
 * at-least-once the offset commit does ({@link OffsetCommitFlush}), unless a production exception handler is
 * configured.
 */
final class StreamsClients implements KafkaClientSupplier {

    private enum Flush { AT_TRANSACTION_COMMIT, AT_OFFSET_COMMIT, PER_TASK }

    private static final String PRODUCER_SUFFIX = "-producer";
    private static final String CONSUMER_SUFFIX = "-consumer";

    private final Flush flush;
    /** Each stream thread's producer, by the thread's client id, until Streams asks for that thread's main consumer. */
    private final Map<String, OffsetCommitFlush> unpaired = new ConcurrentHashMap<>();

    private StreamsClients(Flush flush) {
        this.flush = flush;
    }

    /** The clients for an application with these Streams properties. */
    static StreamsClients of(Properties streamsProperties) {
        String guarantee = streamsProperties.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            return new StreamsClients(Flush.AT_TRANSACTION_COMMIT);
        }
        @SuppressWarnings("deprecation")
        boolean handlerConfigured = streamsProperties.containsKey(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG)
                || streamsProperties.containsKey(StreamsConfig.DEFAULT_PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG);
        return new StreamsClients(handlerConfigured ? Flush.PER_TASK : Flush.AT_OFFSET_COMMIT);
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        return switch (flush) {
            case AT_TRANSACTION_COMMIT -> new TransactionFlushedProducer(producer);
            case AT_OFFSET_COMMIT -> {
                // Streams creates a thread's producer, then its main consumer; the consumer's commits must flush this one.
                OffsetCommitFlush threadFlush = new OffsetCommitFlush(producer);
                unpaired.put(threadClientId(config, PRODUCER_SUFFIX), threadFlush);
                yield threadFlush.producer();
            }
            case PER_TASK -> producer;
        };
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        if (flush != Flush.AT_OFFSET_COMMIT) {
            return consumer(config);
        }
        OffsetCommitFlush threadFlush = unpaired.remove(threadClientId(config, CONSUMER_SUFFIX));
        if (threadFlush == null) {
            throw new IllegalStateException("No producer for the stream thread of consumer " + config.get(CommonClientConfigs.CLIENT_ID_CONFIG)
                    + ": its commits could not flush what the thread sent");
        }
        return threadFlush.consumer(consumer(config));
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    private static Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Streams names a thread's clients {@code <thread client id>-producer} and {@code <thread client id>-consumer}. */
    private static String threadClientId(Map<String, Object> config, String suffix) {
        String clientId = String.valueOf(config.get(CommonClientConfigs.CLIENT_ID_CONFIG));
        if (!clientId.endsWith(suffix)) {
            throw new IllegalStateException("Unexpected client id of a stream thread's client: " + clientId);
        }
        return clientId.substring(0, clientId.length() - suffix.length());
    }
}
