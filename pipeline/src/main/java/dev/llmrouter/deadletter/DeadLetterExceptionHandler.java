package dev.llmrouter.deadletter;

import dev.llmrouter.schema.DeadLetter;
import dev.llmrouter.schema.DeadLetterReason;
import dev.llmrouter.serde.AvroSerde;
import dev.llmrouter.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records a Kafka Streams stage cannot read or process to the dead-letter topic, as a
 * {@link DeadLetter} with the reason and the source record's original bytes, and keeps the stage running.
 * Configured for the whole Streams application, so no input topic can crash it with a poison record.
 */
public final class DeadLetterExceptionHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** Topic the dead letters go to; defaults to {@link Topics#REQUESTS_DLQ}. */
    public static final String TOPIC_CONFIG = "llmrouter.dead.letter.topic";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);

    private Serializer<DeadLetter> serializer;
    private String topic = Topics.REQUESTS_DLQ;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(TOPIC_CONFIG);
        if (configured != null) {
            topic = configured.toString();
        }
        serializer = AvroSerde.specific(DeadLetter.class, configs, false).serializer();
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        DeadLetter letter = DeadLetters.of(context.processorNodeId(), record.topic(), record.partition(), record.offset(),
                record.key(), record.value(), record.headers(), DeadLetterReason.DESERIALIZATION,
                "cannot deserialize record: " + DeadLetters.describe(exception), exception);
        return DeserializationExceptionHandler.Response.resume(List.of(toRecord(letter, record.key())));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        log.warn("Processing failed in {} for {}-{}@{}; record sent to {}", context.processorNodeId(), context.topic(),
                context.partition(), context.offset(), topic, exception);
        DeadLetter letter = DeadLetters.of(context.processorNodeId(), context.topic(), context.partition(), context.offset(),
                context.sourceRawKey(), context.sourceRawValue(), context.headers(), DeadLetterReason.PROCESSING,
                "processing failed: " + DeadLetters.describe(exception), exception);
        return ProcessingExceptionHandler.Response.resume(List.of(toRecord(letter, context.sourceRawKey())));
    }

    private ProducerRecord<byte[], byte[]> toRecord(DeadLetter letter, byte[] key) {
        return new ProducerRecord<>(topic, key, serializer.serialize(topic, letter));
    }
}
