package dev.llmrouter.worker;

import java.time.Duration;
import java.util.Map;

/**
 * How workers treat failing and busy providers.
 *
 * @param attemptsPerModel    calls to one model before failing over to the next (1 = no retry)
 * @param backoffBase         first retry delay; doubles per retry, with full jitter
 * @param backoffMax          cap of the exponential backoff
 * @param maxRetryAfter       a Retry-After longer than this fails over at once instead of waiting
 * @param failureRateToOpen   percentage of failed calls in the window that opens a model's circuit
 * @param breakerWindow       calls the failure rate is measured over
 * @param breakerMinimumCalls calls needed before the failure rate counts
 * @param cooldown            how long an open circuit skips the model before trying it again
 * @param limits              concurrency and rate limit per provider id; {@link #DEFAULT_LIMITS} for others
 */
public record ResilienceSettings(int attemptsPerModel, Duration backoffBase, Duration backoffMax, Duration maxRetryAfter,
                                 float failureRateToOpen, int breakerWindow, int breakerMinimumCalls, Duration cooldown,
                                 Map<String, ProviderLimits> limits) {

    /** No rate limit, and more concurrency than one worker keeps in flight. */
    public static final ProviderLimits DEFAULT_LIMITS = new ProviderLimits(20_000, 0);

    /**
     * @param maxConcurrent     calls in flight to the provider at once; more wait their turn
     * @param requestsPerSecond calls started per second, 0 for no limit
     */
    public record ProviderLimits(int maxConcurrent, int requestsPerSecond) {

        public ProviderLimits {
            if (maxConcurrent <= 0 || requestsPerSecond < 0) {
                throw new IllegalArgumentException("maxConcurrent must be positive and requestsPerSecond not negative");
            }
        }
    }

    public static ResilienceSettings defaults() {
        return new ResilienceSettings(2, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(20),
                50f, 20, 10, Duration.ofSeconds(30), Map.of());
    }

    public ResilienceSettings {
        limits = Map.copyOf(limits);
        if (attemptsPerModel < 1) {
            throw new IllegalArgumentException("attemptsPerModel must be at least 1");
        }
    }

    public ProviderLimits limitsOf(String provider) {
        return limits.getOrDefault(provider, DEFAULT_LIMITS);
    }

    public ResilienceSettings withAttemptsPerModel(int attempts) {
        return new ResilienceSettings(attempts, backoffBase, backoffMax, maxRetryAfter, failureRateToOpen, breakerWindow,
                breakerMinimumCalls, cooldown, limits);
    }

    public ResilienceSettings withCooldown(Duration value, int window, int minimumCalls) {
        return new ResilienceSettings(attemptsPerModel, backoffBase, backoffMax, maxRetryAfter, failureRateToOpen, window,
                minimumCalls, value, limits);
    }

    public ResilienceSettings withLimits(Map<String, ProviderLimits> value) {
        return new ResilienceSettings(attemptsPerModel, backoffBase, backoffMax, maxRetryAfter, failureRateToOpen, breakerWindow,
                breakerMinimumCalls, cooldown, value);
    }
}
