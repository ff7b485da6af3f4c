package dev.llmrouter.runtime;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * The at-least-once producer and main consumer of one stream thread, with the producer flushed once per commit, just
 * before the consumer commits the offsets.
 *
 * <p>At each commit Kafka Streams 4.3 flushes the thread's producer once per task ({@code StreamTask.prepareCommit}),
 * then commits the offsets of all tasks with one {@code commitSync}: with the pipeline's 6 partitions, six produce round
 * trips in a row on the stream thread. At-least-once needs only that every record sent before the offsets are committed
 * is written first. So the producer's {@code flush()} does nothing, and the consumer's commit flushes it, then refuses
 * to commit if any record sent since the last commit failed: the offsets stay where they were, Streams replaces the
 * thread, and the records are processed again, as after any failed commit. (A production exception handler that
 * skips failed records would see them fail the commit instead, so {@link StreamsClients} uses plain clients when one
 * is configured.)
 */
final class OffsetCommitFlush {

    private final Producer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    OffsetCommitFlush(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** The thread's producer: its sends note failures, its {@code flush()} waits for the next offset commit. */
    Producer<byte[], byte[]> producer() {
        return new DeferredFlushProducer();
    }

    /** The thread's main consumer, {@code delegate}, whose commits first flush the producer. */
    @SuppressWarnings("unchecked")
    Consumer<byte[], byte[]> consumer(Consumer<byte[], byte[]> delegate) {
        // Consumer has some fifty methods; its commits are all that changes.
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("commitSync") || method.getName().equals("commitAsync")) {
                flushSentRecords();
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                handler);
    }

    private void flushSentRecords() {
        producer.flush();
        Exception failed = failure.getAndSet(null);
        if (failed != null) {
            throw new KafkaException("Offsets not committed: a record sent since the last commit was not written", failed);
        }
    }

    private final class DeferredFlushProducer extends ForwardingProducer {

        DeferredFlushProducer() {
            super(producer);
        }

        @Override
        public void flush() {
            // The offset commit flushes: see the class comment.
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            return send(record, null);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            return delegate.send(record, (metadata, exception) -> {
                if (exception != null) {
                    failure.compareAndSet(null, exception);
                }
                if (callback != null) {
                    callback.onCompletion(metadata, exception);
                }
            });
        }
    }
}
