package dev.llmrouter.metrics;

import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers' meters, recorded from what a worker writes for each request (its response with the
 * attempts, and its cost events): request counts and latency per route (tier and answering model),
 * provider calls and their latency, tokens, cost, fallbacks, escalations and the prompt-cache hit
 * ratio by provider and model. Tags are provider ids, model names, tiers and outcomes, never anything
 * from a provider's configuration, so an API key cannot reach a metric.
 */
public final class WorkerMetrics {

    public static final String REQUESTS = "llmrouter.requests";
    public static final String REQUEST_LATENCY = "llmrouter.request.latency";
    public static final String PROVIDER_CALLS = "llmrouter.provider.calls";
    public static final String PROVIDER_LATENCY = "llmrouter.provider.latency";
    public static final String TOKENS = "llmrouter.tokens";
    public static final String COST = "llmrouter.cost";
    public static final String FALLBACKS = "llmrouter.fallbacks";
    public static final String ESCALATIONS = "llmrouter.escalations";
    public static final String CACHE_HIT_RATIO = "llmrouter.cache.hit.ratio";
    public static final String IN_FLIGHT = "llmrouter.worker.in.flight";

    private static final Logger log = LoggerFactory.getLogger(WorkerMetrics.class);
    private static final Duration MIN_LATENCY = Duration.ofMillis(1);
    private static final Duration MAX_LATENCY = Duration.ofMinutes(2);

    private final MeterRegistry registry;
    private final Map<String, CacheTokens> cacheTokens = new ConcurrentHashMap<>();
    private final MeterCache meters = new MeterCache();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records nowhere: for workers built without metrics. */
    public static WorkerMetrics none() {
        return new WorkerMetrics(new CompositeMeterRegistry());
    }

    /** Binds a worker's Kafka clients' own metrics (consumer lag among them); close the result with the clients. */
    public AutoCloseable bindClients(Consumer<?, ?> consumer, Producer<?, ?> producer) {
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
        consumerMetrics.bindTo(registry);
        producerMetrics.bindTo(registry);
        return () -> {
            consumerMetrics.close();
            producerMetrics.close();
        };
    }

    /** A request is done: its response and the cost events of its billed attempts are written. */
    public void completed(LlmResponse response, List<CostEvent> costEvents) {
        try {
            record(response, costEvents);
        } catch (RuntimeException e) {
            // A metrics failure must never hold up the request's offset.
            log.warn("Could not record metrics of request {}: {}", response.getRequestId(), e.toString());
        }
    }

    private void record(LlmResponse response, List<CostEvent> costEvents) {
        String tier = Tags.of(response.getDecision() == null ? Tier.UNSPECIFIED : response.getDecision().getTier());
        String provider = Tags.of(response.getProvider());
        String model = Tags.of(response.getModel());
        String status = Tags.of(response.getStatus());
        meters.<Counter>get(List.of(REQUESTS, tier, provider, model, status), () -> Counter.builder(REQUESTS)
                .description("Requests completed by the workers, by tier, answering model and status")
                .tag("tier", tier).tag("provider", provider).tag("model", model).tag("status", status)
                .register(registry)).increment();
        meters.<Timer>get(List.of(REQUEST_LATENCY, tier, provider, model, status), () -> Timer.builder(REQUEST_LATENCY)
                .description("Time from request creation to response, per route (tier and answering model)")
                .tag("tier", tier).tag("provider", provider).tag("model", model).tag("status", status)
                .publishPercentileHistogram().minimumExpectedValue(MIN_LATENCY).maximumExpectedValue(MAX_LATENCY)
                .register(registry)).record(Duration.ofMillis(Math.max(0, response.getLatencyMs())));
        response.getAttempts().forEach(this::attempt);
        costEvents.forEach(this::billed);
    }

    private void attempt(Attempt attempt) {
        String provider = attempt.getTarget().getProvider();
        String model = attempt.getTarget().getModel();
        String outcome = Tags.of(attempt.getOutcome());
        String reason = Tags.of(attempt.getReason());
        meters.<Counter>get(List.of(PROVIDER_CALLS, provider, model, outcome, reason), () -> Counter.builder(PROVIDER_CALLS)
                .description("Attempts on a provider's model by outcome and why the attempt was made")
                .tag("provider", provider).tag("model", model).tag("outcome", outcome).tag("reason", reason)
                .register(registry)).increment();
        if (attempt.getOutcome() == AttemptOutcome.CIRCUIT_OPEN) {
            return;
        }
        meters.<Timer>get(List.of(PROVIDER_LATENCY, provider, model, outcome), () -> Timer.builder(PROVIDER_LATENCY)
                .description("Duration of provider calls").tag("provider", provider).tag("model", model).tag("outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(MIN_LATENCY).maximumExpectedValue(MAX_LATENCY)
                .register(registry)).record(Duration.ofMillis(Math.max(0, attempt.getLatencyMs())));
        if (attempt.getReason() == CostReason.FALLBACK) {
            meters.<Counter>get(List.of(FALLBACKS, provider, model), () -> Counter.builder(FALLBACKS)
                    .description("Calls to a fallback model after the models before it failed")
                    .tag("provider", provider).tag("model", model).register(registry)).increment();
        } else if (attempt.getReason() == CostReason.ESCALATION) {
            meters.<Counter>get(List.of(ESCALATIONS, provider, model), () -> Counter.builder(ESCALATIONS)
                    .description("Calls escalated to a stronger model after a weak or late speculative answer")
                    .tag("provider", provider).tag("model", model).register(registry)).increment();
        }
    }

    private void billed(CostEvent event) {
        String provider = event.getProvider();
        String model = event.getModel();
        tokens(provider, model, "input", event.getInputTokens());
        tokens(provider, model, "output", event.getOutputTokens());
        tokens(provider, model, "cached_input", event.getCachedInputTokens());
        tokens(provider, model, "cache_write", event.getCacheWriteTokens());
        meters.<Counter>get(List.of(COST, provider, model), () -> Counter.builder(COST).description("Billed cost of provider calls")
                .baseUnit("usd").tag("provider", provider).tag("model", model).register(registry)).increment(event.getCostMicros() / 1e6);
        CacheTokens cache = cacheTokens.computeIfAbsent(provider + "/" + model, key -> register(provider, model));
        cache.input.add(event.getInputTokens());
        cache.cached.add(event.getCachedInputTokens());
    }

    private void tokens(String provider, String model, String type, long count) {
        meters.<Counter>get(List.of(TOKENS, provider, model, type), () -> Counter.builder(TOKENS).description("Tokens of billed calls by type")
                .baseUnit("tokens").tag("provider", provider).tag("model", model).tag("type", type).register(registry)).increment(count);
    }

    private CacheTokens register(String provider, String model) {
        CacheTokens cache = new CacheTokens(new DoubleAdder(), new DoubleAdder());
        Gauge.builder(CACHE_HIT_RATIO, cache, CacheTokens::ratio)
                .description("Share of input tokens served from the provider's prompt cache (cached input tokens / input tokens)")
                .tag("provider", provider).tag("model", model).register(registry);
        return cache;
    }

    private record CacheTokens(DoubleAdder input, DoubleAdder cached) {
        double ratio() {
            double in = input.sum();
            return in == 0 ? 0 : cached.sum() / in;
        }
    }

    /** Registers a gauge of the calls in flight, read from {@code inFlight}. */
    public static void inFlightGauge(MeterRegistry registry, Supplier<Number> inFlight) {
        Gauge.builder(IN_FLIGHT, inFlight).description("Provider calls in flight across this instance's workers")
                .register(registry);
    }
}
