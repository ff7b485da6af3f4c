package dev.llmrouter.route;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Asks Kafka Streams for a commit every {@link CommitPace#interval()} while the route stage keeps up with its
 * requests, and leaves commits to Streams' longer {@code commit.interval.ms} while they queue: while no request routed
 * in an interval reached the stage within {@link CommitPace#backlog()} of being produced.
 *
 * <p>Under exactly-once a routed request reaches the workers only when the transaction that wrote it commits, and a
 * commit costs about the same whether it carries ten requests or a thousand: the transaction markers, the offsets,
 * the coordinator's log and the stores' flush. At a pace the stage keeps up with, a short interval keeps that wait
 * small. Once requests queue, each waits far longer in the queue than for a commit, and longer transactions leave
 * more of the CPU to the queue (docs/PERFORMANCE.md, session 14). How long a request took to reach the stage is
 * measured from its record timestamp, as Kafka Streams' own end-to-end latency metrics do, so it assumes the
 * producers' clocks are about right; a clock far behind only makes commits follow {@code commit.interval.ms}.
 */
final class CommitPacer {

    private final boolean on;
    private final long backlogMs;
    private final ProcessorContext<?, ?> context;
    /** The shortest time a request routed in this interval took to reach the stage; none routed: {@link Long#MAX_VALUE}. */
    private long shortestWaitMs = Long.MAX_VALUE;

    private CommitPacer(boolean on, long backlogMs, ProcessorContext<?, ?> context) {
        this.on = on;
        this.backlogMs = backlogMs;
        this.context = context;
    }

    /** A pacer for {@code context}'s task; one that does nothing when {@code pace} is off. */
    static CommitPacer start(CommitPace pace, ProcessorContext<?, ?> context) {
        CommitPacer pacer = new CommitPacer(!pace.isOff(), pace.backlog().toMillis(), context);
        if (pacer.on) {
            context.schedule(pace.interval(), PunctuationType.WALL_CLOCK_TIME, now -> pacer.maybeCommit());
        }
        return pacer;
    }

    /** Notes a request routed now that was produced at {@code recordTimestamp}. */
    void routed(long recordTimestamp) {
        if (!on) {
            return;
        }
        shortestWaitMs = Math.min(shortestWaitMs, context.currentSystemTimeMs() - recordTimestamp);
    }

    private void maybeCommit() {
        // One request that came through quickly shows the queue was empty in this interval; one slow request
        // (a collector pause, a slow producer) does not show a queue.
        if (shortestWaitMs < backlogMs) {
            context.commit();
        }
        shortestWaitMs = Long.MAX_VALUE;
    }
}
