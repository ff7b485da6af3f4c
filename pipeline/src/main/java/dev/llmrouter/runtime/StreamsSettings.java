package dev.llmrouter.runtime;

import dev.llmrouter.route.CommitPace;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the Kafka Streams application that runs the classify and route stages.
 *
 * @param applicationId       Streams application id (consumer group, internal topic prefix)
 * @param processingGuarantee {@code exactly_once_v2} (default: budgets are charged exactly once) or {@code at_least_once}
 * @param stateDir            where RocksDB stores live
 * @param commitIntervalMs    how often Streams commits while the route stage keeps up with its requests; under
 *                            exactly-once a request waits for route's commit
 * @param commitIntervalMaxMs Streams' {@code commit.interval.ms}: how often it commits while requests queue, at least
 *                            {@code commitIntervalMs}; the route stage asks for the commits in between
 *                            ({@link CommitPace})
 * @param threads             stream threads of this instance
 */
public record StreamsSettings(String applicationId, String processingGuarantee, Path stateDir, long commitIntervalMs,
                              long commitIntervalMaxMs, int threads) {

    /**
     * The commit interval when the configuration sets none, under either guarantee. Under exactly-once the dispatch
     * records of a transaction become visible to the workers only when it commits: 20 ms gave a quarter to a half of
     * the latency of 100 ms and no lower throughput once the JVM was warm (docs/PERFORMANCE.md, session 6). Under
     * at-least-once each commit flushes the stores' caches and the producer and commits offsets on the stream
     * thread while requests wait: at 1,000 requests/s the p99 was 173-175 ms at 100 ms (three runs), 84 ms at 50 and
     * 36-55 ms at 20, with no lower throughput beyond the host's noise (session 8).
     */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 20;

    /**
     * The commit interval under exactly-once while requests queue (Kafka Streams' own default under exactly-once). A
     * steady load that 20 ms commits held to 2,500 requests/s kept up at 3,500/s with 100 ms (docs/PERFORMANCE.md,
     * session 7), and in a queue a request waits longer for its turn than for the commit. Under at-least-once a request
     * does not wait for a commit, but while one runs; a longer interval makes each flush longer (session 8), so there
     * the maximum defaults to {@code commitIntervalMs}.
     */
    public static final long DEFAULT_EXACTLY_ONCE_MAX_COMMIT_INTERVAL_MS = 100;

    public StreamsSettings {
        if (commitIntervalMs <= 0 || commitIntervalMaxMs < commitIntervalMs) {
            throw new IllegalArgumentException("commit intervals must be positive with the maximum at least the interval; were "
                    + commitIntervalMs + " and " + commitIntervalMaxMs + " ms");
        }
    }

    /** The settings with the maximum commit interval the guarantee gets by default. */
    public StreamsSettings(String applicationId, String processingGuarantee, Path stateDir, long commitIntervalMs, int threads) {
        this(applicationId, processingGuarantee, stateDir, commitIntervalMs, defaultMaxCommitInterval(processingGuarantee, commitIntervalMs),
                threads);
    }

    public static StreamsSettings defaults(Path stateDir) {
        return new StreamsSettings("llm-router", "exactly_once_v2", stateDir, DEFAULT_COMMIT_INTERVAL_MS, 1);
    }

    /** {@value #DEFAULT_EXACTLY_ONCE_MAX_COMMIT_INTERVAL_MS} ms under exactly-once, else {@code commitIntervalMs}. */
    public static long defaultMaxCommitInterval(String processingGuarantee, long commitIntervalMs) {
        return processingGuarantee.startsWith("exactly_once")
                ? Math.max(commitIntervalMs, DEFAULT_EXACTLY_ONCE_MAX_COMMIT_INTERVAL_MS)
                : commitIntervalMs;
    }

    /** The same settings under another guarantee, with that guarantee's default maximum commit interval. */
    public StreamsSettings withProcessingGuarantee(String guarantee) {
        return new StreamsSettings(applicationId, guarantee, stateDir, commitIntervalMs, threads);
    }

    /**
     * How the route stage paces commits: every {@code commitIntervalMs} while some request it took in that time reached
     * it within half the maximum interval of being produced; off when the two intervals are equal.
     */
    public CommitPace commitPace() {
        return commitIntervalMaxMs == commitIntervalMs
                ? CommitPace.OFF
                : new CommitPace(Duration.ofMillis(commitIntervalMs), Duration.ofMillis(commitIntervalMaxMs / 2));
    }
}
