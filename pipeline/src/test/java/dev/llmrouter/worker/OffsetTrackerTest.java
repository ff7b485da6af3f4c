package dev.llmrouter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("llm-dispatch", 0);

    @Test
    void shouldCommitOnlyBelowTheLowestRecordStillInFlight() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(P0, 10);
        tracker.started(P0, 11);
        tracker.started(P0, 12);

        tracker.completed(P0, 12);
        tracker.completed(P0, 10);

        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(11));
        assertThat(tracker.inFlight()).isEqualTo(1);
    }

    @Test
    void shouldCommitPastTheLastRecordWhenAllAreDone() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(P0, 5);
        tracker.completed(P0, 5);

        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(6));
        assertThat(tracker.committable()).isEmpty();
    }

    @Test
    void shouldForgetRevokedPartitions() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(P0, 1);

        tracker.forget(List.of(P0));
        tracker.completed(P0, 1);

        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void shouldAnswerWhileAnotherThreadCompletesTheLastRecordInFlight() throws Exception {
        // given records that provider threads complete as soon as the poll loop hands them out
        OffsetTracker tracker = new OffsetTracker();
        int records = 2_000_000;
        BlockingQueue<Long> handedOut = new ArrayBlockingQueue<>(1_024);
        Thread provider = Thread.ofPlatform().daemon().start(() -> {
            try {
                for (int i = 0; i < records; i++) {
                    tracker.completed(P0, handedOut.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        // when the poll loop asks what to commit between every two records, often just as the set empties
        long committed = -1;
        for (long offset = 0; offset < records; offset++) {
            tracker.started(P0, offset);
            handedOut.put(offset);
            OffsetAndMetadata next = tracker.committable().get(P0);
            committed = next == null ? committed : next.offset();
        }
        provider.join();

        // then every answer was an offset, and once all completed, everything is committable
        OffsetAndMetadata last = tracker.committable().get(P0);
        assertThat(last == null ? committed : last.offset()).isEqualTo(records);
        assertThat(tracker.inFlight()).isZero();
    }
}
