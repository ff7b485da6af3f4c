package dev.llmrouter.runtime;

import java.nio.file.Path;

/**
 * Settings of the Kafka Streams application that runs the classify and route stages.
 *
 * @param applicationId       Streams application id (consumer group, internal topic prefix)
 * @param processingGuarantee {@code exactly_once_v2} (default: budgets are charged exactly once) or {@code at_least_once}
 * @param stateDir            where RocksDB stores live
 * @param commitIntervalMs    how often Streams commits; under exactly-once a request waits for route's commit
 * @param threads             stream threads of this instance
 */
public record StreamsSettings(String applicationId, String processingGuarantee, Path stateDir, long commitIntervalMs, int threads) {

    /**
     * The commit interval when the configuration sets none, under either guarantee. Under exactly-once the dispatch
     * records of a transaction become visible to the workers only when it commits: 20 ms gave a quarter to a half of
     * the latency of 100 ms and no lower throughput once the JVM was warm (docs/PERFORMANCE.md, session 6). Under
     * at-least-once each commit flushes the stores' caches and the producer and commits offsets on the stream
     * thread while requests wait: at 1,000 requests/s the p99 was 173-175 ms at 100 ms (three runs), 84 ms at 50 and
     * 36-55 ms at 20, with no lower throughput beyond the host's noise (session 8).
     */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 20;

    public static StreamsSettings defaults(Path stateDir) {
        return new StreamsSettings("llm-router", "exactly_once_v2", stateDir, DEFAULT_COMMIT_INTERVAL_MS, 1);
    }

    /** The same settings under another guarantee. */
    public StreamsSettings withProcessingGuarantee(String guarantee) {
        return new StreamsSettings(applicationId, guarantee, stateDir, commitIntervalMs, threads);
    }
}
