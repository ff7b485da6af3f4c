package dev.llmrouter.worker;

import dev.llmrouter.provider.ErrorKind;
import dev.llmrouter.provider.ProviderException;
import dev.llmrouter.schema.ModelRef;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The protections in front of each provider: a circuit breaker per model that cools down a model
 * failing on the provider's side, and per provider a concurrency limit and an optional rate limit.
 * Shared by all of an instance's workers, since the limits are the provider account's.
 */
public final class ProviderGuards {

    /** Failures that say the provider, not the request, is in trouble: they count towards opening the circuit. */
    static final Set<ErrorKind> PROVIDER_SIDE = EnumSet.of(ErrorKind.RATE_LIMITED, ErrorKind.UNAVAILABLE, ErrorKind.TIMEOUT,
            ErrorKind.NETWORK, ErrorKind.PROVIDER_ERROR, ErrorKind.AUTH, ErrorKind.OUT_OF_CREDIT);

    private final ResilienceSettings settings;
    private final CircuitBreakerRegistry breakers;
    private final Map<String, AsyncPermits> permits = new ConcurrentHashMap<>();
    private final Map<String, Optional<RateLimiter>> rateLimiters = new ConcurrentHashMap<>();

    public ProviderGuards(ResilienceSettings settings) {
        this.settings = settings;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.failureRateToOpen())
                .waitDurationInOpenState(settings.cooldown())
                .permittedNumberOfCallsInHalfOpenState(3)
                .recordException(ProviderGuards::isProviderSide)
                .build());
    }

    ResilienceSettings settings() {
        return settings;
    }

    CircuitBreaker breaker(ModelRef target) {
        return breakers.circuitBreaker(target.getProvider() + "/" + target.getModel());
    }

    AsyncPermits permits(String provider) {
        return permits.computeIfAbsent(provider, id -> new AsyncPermits(settings.limitsOf(id).maxConcurrent()));
    }

    Optional<RateLimiter> rateLimiter(String provider) {
        return rateLimiters.computeIfAbsent(provider, id -> {
            int perSecond = settings.limitsOf(id).requestsPerSecond();
            return perSecond == 0 ? Optional.empty() : Optional.of(RateLimiter.of(id, RateLimiterConfig.custom()
                    .limitForPeriod(perSecond)
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(settings.maxRetryAfter())
                    .build()));
        });
    }

    /** State of every model's circuit, e.g. for health reporting. */
    public Map<String, CircuitBreaker.State> circuitStates() {
        Map<String, CircuitBreaker.State> states = new ConcurrentHashMap<>();
        breakers.getAllCircuitBreakers().forEach(breaker -> states.put(breaker.getName(), breaker.getState()));
        return states;
    }

    /**
     * A model's circuit as health reporting shows it.
     *
     * @param failureRatePercent failure rate over the breaker's sliding window, or -1 until it has its minimum of calls
     * @param bufferedCalls      calls in the sliding window
     * @param failedCalls        failed calls in the sliding window
     */
    public record CircuitHealth(String model, CircuitBreaker.State state, float failureRatePercent, int bufferedCalls, int failedCalls) {
    }

    /** Every model's circuit that has seen a call, with its recent failure rate. */
    public List<CircuitHealth> health() {
        return breakers.getAllCircuitBreakers().stream()
                .map(breaker -> new CircuitHealth(breaker.getName(), breaker.getState(), breaker.getMetrics().getFailureRate(),
                        breaker.getMetrics().getNumberOfBufferedCalls(), breaker.getMetrics().getNumberOfFailedCalls()))
                .sorted(java.util.Comparator.comparing(CircuitHealth::model))
                .toList();
    }

    static boolean isProviderSide(Throwable failure) {
        if (failure instanceof ProviderException pe) {
            return PROVIDER_SIDE.contains(pe.kind());
        }
        return failure instanceof TimeoutException;
    }
}
