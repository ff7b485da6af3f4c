package dev.llmrouter.worker;

import java.time.Duration;

/**
 * Settings of a worker instance.
 *
 * @param groupId        consumer group of the workers; instances of one group share the dispatch partitions
 * @param maxInFlight    provider calls in flight per instance before polling pauses
 * @param attemptTimeout limit of one provider call
 * @param commitInterval how often completed offsets are committed
 * @param drainTimeout   how long closing waits for calls in flight before giving them up to the next owner
 * @param resilience     retries, cooldown and limits per provider
 */
public record WorkerConfig(String groupId, int maxInFlight, Duration attemptTimeout, Duration commitInterval, Duration drainTimeout,
                           ResilienceSettings resilience) {

    public static WorkerConfig defaults() {
        return new WorkerConfig("llm-router-workers", 10_000, Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(30),
                ResilienceSettings.defaults());
    }

    public WorkerConfig {
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive");
        }
    }

    public WorkerConfig withAttemptTimeout(Duration timeout) {
        return new WorkerConfig(groupId, maxInFlight, timeout, commitInterval, drainTimeout, resilience);
    }

    public WorkerConfig withResilience(ResilienceSettings settings) {
        return new WorkerConfig(groupId, maxInFlight, attemptTimeout, commitInterval, drainTimeout, settings);
    }

    public WorkerConfig withMaxInFlight(int value) {
        return new WorkerConfig(groupId, value, attemptTimeout, commitInterval, drainTimeout, resilience);
    }
}
