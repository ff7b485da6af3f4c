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

    public static StreamsSettings defaults(Path stateDir) {
        return new StreamsSettings("llm-router", "exactly_once_v2", stateDir, defaultCommitIntervalMs("exactly_once_v2"), 1);
    }

    /**
     * The commit interval when the configuration sets none. Under exactly-once the dispatch records of a transaction
     * become visible to the workers only when it commits: 20 ms gave a quarter to a half of the latency of 100 ms
     * and no lower throughput once the JVM was warm (docs/PERFORMANCE.md, session 6). Under at-least-once nothing
     * waits for a commit, and each one flushes the producer, so 100 ms.
     */
    public static long defaultCommitIntervalMs(String processingGuarantee) {
        return processingGuarantee.startsWith("exactly_once") ? 20 : 100;
    }

    /** The same settings under another guarantee, with that guarantee's default commit interval. */
    public StreamsSettings withProcessingGuarantee(String guarantee) {
        return new StreamsSettings(applicationId, guarantee, stateDir, defaultCommitIntervalMs(guarantee), threads);
    }
}
