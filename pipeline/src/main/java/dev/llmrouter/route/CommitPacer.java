package dev.llmrouter.route;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Asks Kafka Streams for a commit every {@link CommitPace#interval()} while the route stage keeps up with its
 * requests, and leaves commits to Streams' longer {@code commit.interval.ms} while they queue: once no request routed
 * in {@link #QUEUED_INTERVALS} intervals in a row reached the stage within {@link CommitPace#backlog()} of being
 * produced.
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

    /** Intervals in a row whose requests all came late before the stage takes them for a queue. */
    static final int QUEUED_INTERVALS = 5;

    private final CommitPace pace;
    private final Threads threads;
    private final ProcessorContext<?, ?> context;
    /** The shortest time a request routed in this interval took to reach the stage; none routed: {@link Long#MAX_VALUE}. */
    private long shortestWaitMs = Long.MAX_VALUE;
    /** Intervals in a row whose requests all came late. */
    private int lateIntervals;

    private CommitPacer(CommitPace pace, Threads threads, ProcessorContext<?, ?> context) {
        this.pace = pace;
        this.threads = threads;
        this.context = context;
    }

    /** A pacer for {@code context}'s task; one that does nothing when {@code pace} is off. */
    static CommitPacer start(CommitPace pace, Threads threads, ProcessorContext<?, ?> context) {
        CommitPacer pacer = new CommitPacer(pace, threads, context);
        if (!pace.isOff()) {
            context.schedule(pace.interval(), PunctuationType.WALL_CLOCK_TIME, pacer::maybeCommit);
        }
        return pacer;
    }

    /** Notes a request routed now that was produced at {@code recordTimestamp}. */
    void routed(long recordTimestamp) {
        if (!pace.isOff()) {
            shortestWaitMs = Math.min(shortestWaitMs, context.currentSystemTimeMs() - recordTimestamp);
        }
    }

    private void maybeCommit(long now) {
        // An interval without requests, or with one that came through quickly, shows no queue; and a queue counts
        // only once it has lasted QUEUED_INTERVALS intervals: a pause or a burst that delays a few requests is no queue.
        lateIntervals = shortestWaitMs == Long.MAX_VALUE || shortestWaitMs < pace.backlog().toMillis() ? 0 : lateIntervals + 1;
        boolean routedSome = shortestWaitMs != Long.MAX_VALUE;
        shortestWaitMs = Long.MAX_VALUE;
        if (routedSome && lateIntervals < QUEUED_INTERVALS && threads.due(now, pace.interval().toMillis())) {
            context.commit();
        }
    }

    /**
     * When each stream thread last asked for a commit, shared by the route stage's tasks: Streams commits all of a
     * thread's tasks when one asks, and every task's punctuation asking would commit a thread several times an interval
     * (with 6 tasks, a request at 1,000/s took 20-40 ms to reach the stage instead of 8-12 ms).
     */
    static final class Threads {

        private final ThreadLocal<long[]> lastAsked = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE / 2});

        /** Whether the calling thread last asked at least {@code intervalMs} before {@code now}; if so, notes {@code now}. */
        boolean due(long now, long intervalMs) {
            long[] last = lastAsked.get();
            if (now - last[0] < intervalMs) {
                return false;
            }
            last[0] = now;
            return true;
        }
    }
}
