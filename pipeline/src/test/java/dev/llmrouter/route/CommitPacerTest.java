package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

class CommitPacerTest {

    private static final CommitPace PACE = new CommitPace(Duration.ofMillis(20), Duration.ofMillis(50));
    private static final long START = 1_700_000_000_000L;

    private final CommitPacer.Threads threads = new CommitPacer.Threads();
    private final MockProcessorContext<Object, Object> context = context(START);
    private final CommitPacer pacer = CommitPacer.start(PACE, threads, context);
    private long now = START;

    @Test
    void shouldAskForACommitEveryIntervalWhileRequestsArriveSoonAfterTheyWereProduced() {
        // given a request routed 5 ms after it was produced
        pacer.routed(now - 5);

        // when the interval's punctuation runs
        boolean committed = punctuate();

        // then the stage asks Streams to commit now, on the wall clock every 20 ms
        assertThat(committed).isTrue();
        CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();
        assertThat(punctuator.getInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
    }

    @Test
    void shouldLeaveCommitsToStreamsOnceRequestsHaveQueuedForFiveIntervals() {
        // given four intervals in which every request reached the stage 200 ms after it was produced
        for (int interval = 1; interval < CommitPacer.QUEUED_INTERVALS; interval++) {
            pacer.routed(now - 200);
            assertThat(punctuate()).as("interval %d", interval).isTrue();
        }

        // when a fifth such interval ends
        pacer.routed(now - 200);

        // then the requests queue, and Streams commits at its longer commit.interval.ms
        assertThat(punctuate()).isFalse();
    }

    @Test
    void shouldKeepAskingWhenOnlySomeRequestsOfAnIntervalWereSlow() {
        // given intervals each with a request held up 200 ms (a pause, a slow producer) and one that came at once
        for (int interval = 1; interval <= CommitPacer.QUEUED_INTERVALS; interval++) {
            pacer.routed(now - 200);
            pacer.routed(now - 3);

            // when each ends, then the queue was empty at some point, and the stage asks for a commit
            assertThat(punctuate()).as("interval %d", interval).isTrue();
        }
    }

    @Test
    void shouldAskAgainOnceTheQueueIsGone() {
        // given requests that queued for five intervals, then one that came at once
        for (int interval = 1; interval <= CommitPacer.QUEUED_INTERVALS; interval++) {
            pacer.routed(now - 200);
            punctuate();
        }
        pacer.routed(now - 1);

        // when the next punctuation runs, then the stage asks for a commit again
        assertThat(punctuate()).isTrue();
    }

    @Test
    void shouldNotAskForACommitWithoutNewRequests() {
        // given an interval with a fresh request whose commit was asked for
        pacer.routed(now - 5);
        punctuate();

        // when the next interval passes without requests, then there is nothing to ask a commit for
        assertThat(punctuate()).isFalse();
    }

    @Test
    void shouldAskOnceAnIntervalForAllTheTasksOfAThread() {
        // given a second task on the same stream thread, both with fresh requests
        MockProcessorContext<Object, Object> otherContext = context(START);
        CommitPacer other = CommitPacer.start(PACE, threads, otherContext);
        pacer.routed(now - 5);
        other.routed(now - 5);

        // when both tasks' punctuations run in the same interval
        boolean first = punctuate();
        otherContext.scheduledPunctuators().getFirst().getPunctuator().punctuate(now - 10);

        // then only the first asks: Streams commits all of a thread's tasks at once
        assertThat(first).isTrue();
        assertThat(otherContext.committed()).isFalse();
    }

    @Test
    void shouldScheduleNothingWhenPacingIsOff() {
        // given a context for a pacer that is off
        MockProcessorContext<Object, Object> unpaced = new MockProcessorContext<>();

        // when it starts and a request is routed
        CommitPacer.start(CommitPace.OFF, threads, unpaced).routed(START);

        // then no punctuation is scheduled and no commit asked for
        assertThat(unpaced.scheduledPunctuators()).isEmpty();
        assertThat(unpaced.committed()).isFalse();
    }

    /** Runs this task's punctuation at the current time, then moves the clock to the next interval. */
    private boolean punctuate() {
        context.resetCommit();
        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(now);
        now += PACE.interval().toMillis();
        context.setCurrentSystemTimeMs(now);
        return context.committed();
    }

    private static MockProcessorContext<Object, Object> context(long time) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(time);
        return context;
    }
}
