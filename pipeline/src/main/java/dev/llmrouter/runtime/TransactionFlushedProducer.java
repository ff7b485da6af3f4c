package dev.llmrouter.runtime;

import org.apache.kafka.clients.producer.Producer;

/**
 * The exactly-once Streams producer, whose {@code flush()} leaves the waiting to {@link #commitTransaction()}.
 *
 * <p>At each commit Kafka Streams 4.3 flushes its stream thread's one producer once per task, then commits the
 * transaction ({@code StreamTask.prepareCommit}). Each flush waits for a produce round trip, and the stream thread
 * processes nothing meanwhile: with the pipeline's 6 partitions, six round trips in a row every commit. The
 * transaction commit alone already gives what those flushes are for: {@code commitTransaction} sends every pending
 * record and waits for all of them, and fails, committing nothing, if any of them failed. Such a failure then reaches
 * Streams from the commit instead of from a flush, and the stream thread is replaced, as for any failed commit.
 */
final class TransactionFlushedProducer extends ForwardingProducer {

    TransactionFlushedProducer(Producer<byte[], byte[]> delegate) {
        super(delegate);
    }

    @Override
    public void flush() {
        // The transaction commit waits for every record sent in the transaction: see the class comment.
    }
}
