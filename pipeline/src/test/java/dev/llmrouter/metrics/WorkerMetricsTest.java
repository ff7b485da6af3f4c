package dev.llmrouter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.schema.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry);

    @Test
    void shouldCountRequestsCallsTokensCostAndFallbacksByProviderAndModel() {
        metrics.completed(answeredByFallback(), List.of(cost("openai", "gpt-5-mini", 1_000, 300, 200, 1_500)));

        assertThat(registry.get(WorkerMetrics.REQUESTS).tags("tier", "standard", "provider", "openai", "model", "gpt-5-mini", "status", "ok")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(WorkerMetrics.PROVIDER_CALLS).tags("provider", "anthropic", "outcome", "rate_limited").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(WorkerMetrics.FALLBACKS).tags("provider", "openai", "model", "gpt-5-mini").counter().count()).isEqualTo(1);
        assertThat(registry.get(WorkerMetrics.TOKENS).tags("model", "gpt-5-mini", "type", "input").counter().count()).isEqualTo(1_000);
        assertThat(registry.get(WorkerMetrics.TOKENS).tags("model", "gpt-5-mini", "type", "cached_input").counter().count()).isEqualTo(300);
        assertThat(registry.get(WorkerMetrics.COST).tags("model", "gpt-5-mini").counter().count()).isEqualTo(0.0015);
        assertThat(registry.get(WorkerMetrics.REQUEST_LATENCY).tags("tier", "standard").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(420);
        assertThat(registry.get(WorkerMetrics.PROVIDER_LATENCY).tags("model", "claude-sonnet-4-5").timer().count()).isEqualTo(1);
    }

    @Test
    void shouldReportCacheHitRatioAsCachedOverInputTokens() {
        metrics.completed(answeredByFallback(), List.of(cost("openai", "gpt-5-mini", 1_000, 300, 0, 10)));
        metrics.completed(answeredByFallback(), List.of(cost("openai", "gpt-5-mini", 1_000, 700, 0, 10)));

        assertThat(registry.get(WorkerMetrics.CACHE_HIT_RATIO).tags("provider", "openai", "model", "gpt-5-mini").gauge().value())
                .isEqualTo(0.5);
    }

    @Test
    void shouldNotTimeSkippedCallsOfOpenCircuitsButCountThem() {
        LlmResponse response = answeredByFallback();
        response.getAttempts().set(0, Attempt.newBuilder(response.getAttempts().getFirst()).setOutcome(AttemptOutcome.CIRCUIT_OPEN).build());

        metrics.completed(response, List.of());

        assertThat(registry.get(WorkerMetrics.PROVIDER_CALLS).tags("outcome", "circuit_open").counter().count()).isEqualTo(1);
        assertThat(registry.find(WorkerMetrics.PROVIDER_LATENCY).tags("model", "claude-sonnet-4-5").timer()).isNull();
    }

    private static LlmResponse answeredByFallback() {
        ModelRef primary = new ModelRef("anthropic", "claude-sonnet-4-5");
        ModelRef fallback = new ModelRef("openai", "gpt-5-mini");
        return LlmResponse.newBuilder()
                .setRequestId("r1").setUserId("ada").setStatus(ResponseStatus.OK).setProvider("openai").setModel("gpt-5-mini")
                .setUsage(new TokenUsage(1_000L, 200L, 300L, 0L)).setLatencyMs(420)
                .setAttempts(new java.util.ArrayList<>(List.of(
                        Attempt.newBuilder().setAttempt(1).setTarget(primary).setReason(CostReason.PRIMARY)
                                .setOutcome(AttemptOutcome.RATE_LIMITED).setHttpStatus(429).setLatencyMs(30).build(),
                        Attempt.newBuilder().setAttempt(2).setTarget(fallback).setReason(CostReason.FALLBACK)
                                .setOutcome(AttemptOutcome.SUCCESS).setHttpStatus(200).setLatencyMs(380).build())))
                .setDecision(RoutingDecision.newBuilder().setPrimary(primary).setFallbacks(List.of(fallback)).setTier(Tier.STANDARD)
                        .setReason(RouteReason.POLICY).setDecidedAt(Instant.now()).build())
                .setCompletedAt(Instant.now())
                .build();
    }

    private static CostEvent cost(String provider, String model, long input, long cached, long output, long micros) {
        return CostEvent.newBuilder().setRequestId("r1").setAttempt(2).setUserId("ada").setProvider(provider).setModel(model)
                .setInputTokens(input).setCachedInputTokens(cached).setOutputTokens(output).setCostMicros(micros)
                .setPriceCatalogVersion("test").setRequestCreatedAt(Instant.now()).setOccurredAt(Instant.now()).build();
    }
}
