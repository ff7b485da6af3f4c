package dev.llmrouter.runtime;

import java.nio.file.Path;

/**
 * Settings of the Kafka Streams application that runs the classify and route stages.
 *
 * @param applicationId       Streams application id (consumer group, internal topic prefix)
 * @param processingGuarantee {@code exactly_once_v2} (default: budgets are charged exactly once) or {@code at_least_once}
 * @param stateDir            where RocksDB stores live
 * @param commitIntervalMs    how often Streams commits; bounds end-to-end latency under exactly-once
 * @param threads             stream threads of this instance
 */
public record StreamsSettings(String applicationId, String processingGuarantee, Path stateDir, long commitIntervalMs, int threads) {

    public static StreamsSettings defaults(Path stateDir) {
        return new StreamsSettings("llm-router", "exactly_once_v2", stateDir, 100, 1);
    }

    public StreamsSettings withProcessingGuarantee(String guarantee) {
        return new StreamsSettings(applicationId, guarantee, stateDir, commitIntervalMs, threads);
    }
}
