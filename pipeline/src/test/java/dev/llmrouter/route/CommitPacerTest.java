package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommitPacerTest {

    private static final CommitPace PACE = new CommitPace(Duration.ofMillis(20), Duration.ofMillis(50));
    private static final long NOW = 1_700_000_000_000L;

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private CommitPacer pacer;

    @BeforeEach
    void start() {
        context.setCurrentSystemTimeMs(NOW);
        pacer = CommitPacer.start(PACE, context);
    }

    @Test
    void shouldAskForACommitEveryIntervalWhileRequestsArriveSoonAfterTheyWereProduced() {
        // given a request routed 5 ms after it was produced
        pacer.routed(NOW - 5);

        // when the interval's punctuation runs
        punctuate();

        // then the stage asks Streams to commit now, on the wall clock every 20 ms
        assertThat(context.committed()).isTrue();
        CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();
        assertThat(punctuator.getInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
    }

    @Test
    void shouldLeaveCommitsToStreamsWhileRequestsQueue() {
        // given a request that reached the stage 200 ms after it was produced
        pacer.routed(NOW - 200);

        // when the interval's punctuation runs
        punctuate();

        // then no commit is asked for: Streams commits at its longer commit.interval.ms
        assertThat(context.committed()).isFalse();
    }

    @Test
    void shouldKeepAskingWhenOnlySomeRequestsOfTheIntervalWereSlow() {
        // given an interval with a request held up 200 ms (a collector pause, a slow producer) and one that came at once
        pacer.routed(NOW - 200);
        pacer.routed(NOW - 3);

        // when the interval's punctuation runs
        punctuate();

        // then the queue was empty at some point, and the stage asks for a commit
        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldAskAgainOnceTheQueueIsGone() {
        // given a queued request, then a fresh one in the next interval
        pacer.routed(NOW - 200);
        punctuate();
        pacer.routed(NOW - 1);

        // when the next punctuation runs
        punctuate();

        // then the stage asks for a commit again
        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldNotAskForACommitWithoutNewRequests() {
        // given an interval with a fresh request whose commit was asked for
        pacer.routed(NOW - 5);
        punctuate();
        context.resetCommit();

        // when the next interval passes without requests
        punctuate();

        // then there is nothing to ask a commit for
        assertThat(context.committed()).isFalse();
    }

    @Test
    void shouldScheduleNothingWhenPacingIsOff() {
        // given a context for a pacer that is off
        MockProcessorContext<Object, Object> unpaced = new MockProcessorContext<>();

        // when it starts and a request is routed
        CommitPacer.start(CommitPace.OFF, unpaced).routed(NOW);

        // then no punctuation is scheduled and no commit asked for
        assertThat(unpaced.scheduledPunctuators()).isEmpty();
        assertThat(unpaced.committed()).isFalse();
    }

    private void punctuate() {
        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(NOW);
    }
}
