package dev.llmrouter.deadletter;

import dev.llmrouter.schema.DeadLetter;
import dev.llmrouter.schema.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Builds dead-letter records: where the record came from, why it was rejected, its original bytes. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static DeadLetter of(String stage, String topic, int partition, long offset, byte[] key, byte[] value,
                                Headers headers, DeadLetterReason reason, String error, Throwable cause) {
        Map<String, ByteBuffer> copiedHeaders = new LinkedHashMap<>();
        if (headers != null) {
            for (Header header : headers) {
                copiedHeaders.put(header.key(), header.value() == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(header.value()));
            }
        }
        return DeadLetter.newBuilder()
                .setSourceTopic(topic == null ? "" : topic)
                .setPartition(partition)
                .setOffset(offset)
                .setStage(stage)
                .setReason(reason)
                .setError(error)
                .setErrorClass(cause == null ? null : cause.getClass().getName())
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setHeaders(copiedHeaders)
                .setFailedAt(Instant.now())
                .build();
    }

    /** The message of a failure and of its causes, so "why" survives wrapping exceptions. */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (!text.toString().contains(message)) {
                if (!text.isEmpty()) {
                    text.append(": ");
                }
                text.append(message);
            }
        }
        return text.toString();
    }
}
