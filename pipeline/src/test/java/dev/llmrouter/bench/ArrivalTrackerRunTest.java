package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

class ArrivalTrackerRunTest {

    private static final long MS = 1_000_000;

    @Test
    void shouldKeepUpWhenTheLatencyStaysFlatWithJitter() {
        // given 1,000 requests a millisecond apart answered in 10-40 ms, the slowest at the end
        ArrivalTracker.Run run = run(1_000, seq -> (10 + seq % 31) * MS);

        // then the answers kept up
        assertThat(run.keptUp()).isTrue();
    }

    @Test
    void shouldFallBehindWhenTheLatencyGrowsOverTheRun() {
        // given a queue that grows: each request waits 0.5 ms longer than the one before
        ArrivalTracker.Run run = run(1_000, seq -> 5 * MS + seq * MS / 2);

        // then the answers fell behind, though the first fifths were fast
        assertThat(run.keptUp()).isFalse();
    }

    @Test
    void shouldNotCountAStandingQueueAsKeepingUp() {
        // given a queue that built up early and then held: every answer 800 ms late, flat to the end
        ArrivalTracker.Run run = run(1_000, seq -> seq < 100 ? seq * 8 * MS : 800 * MS);

        // then the rate was carried only by a backlog
        assertThat(run.keptUp()).isFalse();
    }

    @Test
    void shouldFallBehindWhenARequestWasNotAnswered() {
        // given flat latencies and one request never answered
        ArrivalTracker.Run run = run(1_000, seq -> seq == 500 ? -1 : 10 * MS);

        // then the run did not keep up
        assertThat(run.keptUp()).isFalse();
    }

    @Test
    void shouldToleratePauseSizedGrowthWithinTheSlack() {
        // given a last fifth 20 ms slower than the second fifth, as after one collector pause
        ArrivalTracker.Run run = run(1_000, seq -> seq >= 800 ? 25 * MS : 5 * MS);

        // then that is jitter, not a queue
        assertThat(run.keptUp()).isTrue();
    }

    @Test
    void shouldPlaceAStallInTheSecondItHappened() {
        // given 3,000 requests a millisecond apart answered in 5 ms, except those scheduled in the second second: 300 ms
        ArrivalTracker.Run run = run(3_000, seq -> seq >= 1_000 && seq < 2_000 ? 300 * MS : 5 * MS);

        // then measured from request 1,000 on, the first second is the slow one and the next is fast
        assertThat(run.maxLatencyMillisPerSecond(1_000)).containsExactly(300, 5);
    }

    /** A run of requests scheduled a millisecond apart, each answered after the given latency (negative: never). */
    private static ArrivalTracker.Run run(int size, IntToLongFunction latencyNanos) {
        ArrivalTracker.Run run = new ArrivalTracker.Run("r", size);
        for (int seq = 0; seq < size; seq++) {
            long scheduled = 1_000 * MS + seq * MS;
            run.scheduled(seq, scheduled);
            long latency = latencyNanos.applyAsLong(seq);
            if (latency >= 0) {
                run.arrived(seq, scheduled + latency);
            }
        }
        return run;
    }
}
