package dev.llmrouter.worker;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which input offsets may be committed while records finish out of order: per partition, everything
 * below the lowest offset still in flight. Records complete on provider threads; only the polling
 * thread asks for commits.
 */
final class OffsetTracker {

    private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();
    // Counted apart: the poll loop asks after every poll, and a skip list's size() walks every element.
    private final AtomicInteger inFlight = new AtomicInteger();

    private static final class PartitionState {
        final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
        volatile long nextOffset = -1;
        long lastCommitted = -1;
    }

    /** Called on the polling thread for every record handed out, in offset order. */
    void started(TopicPartition partition, long offset) {
        PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
        if (state.pending.add(offset)) {
            inFlight.incrementAndGet();
        }
        state.nextOffset = offset + 1;
    }

    /** Called from any thread once the record's outputs are durably written. */
    void completed(TopicPartition partition, long offset) {
        PartitionState state = partitions.get(partition);
        if (state != null && state.pending.remove(offset)) {
            inFlight.decrementAndGet();
        }
    }

    /** Offsets to commit that moved since the last call, and marks them committed. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((partition, state) -> {
            long next = state.nextOffset;
            // One read: a provider thread may complete the last record between an isEmpty() and a first().
            Long lowestPending = state.pending.ceiling(Long.MIN_VALUE);
            long committable = lowestPending == null ? next : Math.min(lowestPending, next);
            if (committable > state.lastCommitted && committable >= 0) {
                offsets.put(partition, new OffsetAndMetadata(committable));
                state.lastCommitted = committable;
            }
        });
        return offsets;
    }

    /** Forgets partitions this instance no longer owns; their unfinished records are another's now. */
    void forget(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            PartitionState state = partitions.remove(partition);
            if (state != null) {
                inFlight.addAndGet(-state.pending.size());
            }
        }
    }

    int inFlight() {
        return inFlight.get();
    }
}
