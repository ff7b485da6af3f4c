package dev.llmrouter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
