package dev.llmrouter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.provider.ApiKey;
import dev.llmrouter.provider.ChatRequest;
import dev.llmrouter.provider.ChatResult;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderConfig;
import dev.llmrouter.provider.ProviderRegistry;
import dev.llmrouter.provider.TokenUsage;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.simulator.WireFormat;
import dev.llmrouter.support.Requests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The attempt chain over real HTTP against the provider simulator. */
class AttemptChainTest {

    /** One micro-dollar per token, so costs are easy to check. */
    static final CostCalculator PER_TOKEN = new CostCalculator() {
        @Override
        public long costMicros(ModelRef model, TokenUsage usage) {
            return usage.inputTokens() + usage.outputTokens();
        }

        @Override
        public String catalogVersion() {
            return "test-prices";
        }
    };

    private ProviderSimulator simulator;
    private ProviderRegistry providers;
    private AttemptChain chain;

    @BeforeEach
    void setUp() throws Exception {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        providers = ProviderRegistry.create(List.of(
                new ProviderConfig("openai", "openai", simulator.baseUrl(WireFormat.OPENAI), ApiKey.of("k"), Duration.ofSeconds(2), Map.of()),
                new ProviderConfig("anthropic", "anthropic", simulator.baseUrl(WireFormat.ANTHROPIC), ApiKey.of("k"), Duration.ofSeconds(2), Map.of())));
        chain = chainWith(ResilienceSettings.defaults().withAttemptsPerModel(1));
    }

    @AfterEach
    void tearDown() {
        providers.close();
        simulator.close();
    }

    @Test
    void shouldAnswerFromThePrimaryWithOneCostEvent() {
        Completion completion = chain.run(dispatch(ref("openai", "cheap"), ref("anthropic", "backup"))).join();

        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(completion.response().getModel()).isEqualTo("cheap");
        assertThat(completion.response().getAttempts()).singleElement()
                .satisfies(attempt -> assertThat(attempt.getOutcome()).isEqualTo(AttemptOutcome.SUCCESS));
        CostEvent cost = completion.costEvents().getFirst();
        assertThat(completion.costEvents()).hasSize(1);
        assertThat(cost.getReason()).isEqualTo(CostReason.PRIMARY);
        assertThat(cost.getAttempt()).isEqualTo(1);
        assertThat(cost.getCostMicros()).isEqualTo(cost.getInputTokens() + cost.getOutputTokens()).isPositive();
        assertThat(cost.getPriceCatalogVersion()).isEqualTo("test-prices");
        assertThat(completion.response().getCostMicros()).isEqualTo(cost.getCostMicros());
    }

    @Test
    void shouldFailOverToTheNextModelWhenThePrimaryIsInAnOutage() {
        simulator.outage("cheap", Duration.ofMinutes(1));

        Completion completion = chain.run(dispatch(ref("openai", "cheap"), ref("anthropic", "backup"))).join();

        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(completion.response().getProvider()).isEqualTo("anthropic");
        assertThat(completion.response().getAttempts()).extracting(a -> a.getOutcome())
                .containsExactly(AttemptOutcome.UNAVAILABLE, AttemptOutcome.SUCCESS);
        assertThat(completion.response().getAttempts().getFirst().getHttpStatus()).isEqualTo(503);
        assertThat(completion.costEvents()).singleElement().satisfies(cost -> {
            assertThat(cost.getReason()).isEqualTo(CostReason.FALLBACK);
            assertThat(cost.getAttempt()).isEqualTo(2);
        });
    }

    @Test
    void shouldAnswerFailedWithEveryAttemptWhenTheWholeChainFails() {
        simulator.outage("openai", Duration.ofMinutes(1));

        Completion completion = chain.run(dispatch(ref("openai", "cheap"), ref("nowhere", "ghost"))).join();

        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.FAILED);
        assertThat(completion.response().getAttempts()).hasSize(2);
        assertThat(completion.response().getError()).startsWith("all 2 attempts failed").contains("nowhere/ghost");
        assertThat(completion.costEvents()).isEmpty();
    }

    @Test
    void shouldChargeARefusalTheProviderBilledAndFailOver() {
        givenModel("prude", ModelProfile.builder().refusalRate(1.0).build());

        Completion completion = chain.run(dispatch(ref("openai", "prude"), ref("anthropic", "backup"))).join();

        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(completion.response().getAttempts().getFirst().getOutcome()).isEqualTo(AttemptOutcome.CONTENT_REFUSED);
        assertThat(completion.costEvents()).extracting(CostEvent::getAttempt, CostEvent::getOutcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, AttemptOutcome.CONTENT_REFUSED),
                        org.assertj.core.groups.Tuple.tuple(2, AttemptOutcome.SUCCESS));
        assertThat(completion.response().getCostMicros())
                .isEqualTo(completion.costEvents().stream().mapToLong(CostEvent::getCostMicros).sum());
    }

    @Test
    void shouldCarryEveryBilledCallOnTheResponseAsItsCostEventTellsIt() {
        givenModel("prude", ModelProfile.builder().refusalRate(1.0).build());

        Completion completion = chain.run(dispatch(ref("openai", "prude"), ref("anthropic", "backup"))).join();

        // Both calls billed (a provider that generated and then refused still charges): the response settles them alone.
        assertThat(completion.response().getAttempts()).allSatisfy(attempt -> assertThat(attempt.getBilling()).isNotNull());
        assertThat(completion.costEvents()).hasSize(2).allSatisfy(cost -> {
            var billing = completion.response().getAttempts().get(cost.getAttempt() - 1).getBilling();
            assertThat(cost.getCostMicros()).isEqualTo(billing.getCostMicros()).isPositive();
            assertThat(cost.getInputTokens()).isEqualTo(billing.getUsage().getInputTokens());
            assertThat(cost.getOutputTokens()).isEqualTo(billing.getUsage().getOutputTokens());
            assertThat(cost.getOccurredAt()).isEqualTo(billing.getOccurredAt());
            assertThat(cost.getRequestCreatedAt()).isEqualTo(completion.response().getRequestCreatedAt());
            assertThat(cost.getUserId()).isEqualTo(completion.response().getUserId());
        });
    }

    @Test
    void shouldBillNothingOnAnAttemptThatFailedBeforeTheProviderGenerated() {
        simulator.outage("cheap", Duration.ofMinutes(1));

        Completion completion = chain.run(dispatch(ref("openai", "cheap"), ref("anthropic", "backup"))).join();

        assertThat(completion.response().getAttempts()).extracting(attempt -> attempt.getBilling() != null).containsExactly(false, true);
    }

    @Test
    void shouldRetryTheSameModelAfterARateLimitBeforeFailingOver() {
        givenModel("busy", ModelProfile.builder().rateLimitRate(1.0).retryAfter(Duration.ZERO).build());
        chain = chainWith(ResilienceSettings.defaults().withAttemptsPerModel(3));

        Completion completion = chain.run(dispatch(ref("openai", "busy"), ref("anthropic", "backup"))).join();

        assertThat(completion.response().getAttempts()).extracting(a -> a.getOutcome()).containsExactly(
                AttemptOutcome.RATE_LIMITED, AttemptOutcome.RATE_LIMITED, AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCESS);
        assertThat(completion.response().getAttempts().get(1).getTarget()).isEqualTo(ref("openai", "busy"));
        assertThat(completion.costEvents()).singleElement().satisfies(cost -> assertThat(cost.getAttempt()).isEqualTo(4));
    }

    @Test
    void shouldSkipAModelWhoseCircuitOpenedAfterRepeatedFailures() {
        simulator.outage("cheap", Duration.ofMinutes(1));
        chain = chainWith(ResilienceSettings.defaults().withAttemptsPerModel(1).withCooldown(Duration.ofMinutes(1), 4, 4));
        for (int i = 0; i < 4; i++) {
            chain.run(dispatch(ref("openai", "cheap"), ref("anthropic", "backup"))).join();
        }
        long callsBefore = simulator.stats().requests("cheap");

        Completion completion = chain.run(dispatch(ref("openai", "cheap"), ref("anthropic", "backup"))).join();

        assertThat(simulator.stats().requests("cheap")).isEqualTo(callsBefore);
        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(completion.response().getAttempts()).extracting(a -> a.getOutcome())
                .containsExactly(AttemptOutcome.CIRCUIT_OPEN, AttemptOutcome.SUCCESS);
        assertThat(completion.response().getAttempts().getFirst().getError()).contains("cooling down");
    }

    @Test
    void shouldMakeOneLastResortCallWhenEveryCircuitIsOpen() {
        simulator.outage("cheap", Duration.ofMinutes(1));
        chain = chainWith(ResilienceSettings.defaults().withAttemptsPerModel(1).withCooldown(Duration.ofMinutes(1), 4, 4));
        for (int i = 0; i < 4; i++) {
            chain.run(dispatch(ref("openai", "cheap"))).join();
        }
        simulator.clearOutages();

        Completion completion = chain.run(dispatch(ref("openai", "cheap"))).join();

        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(completion.response().getAttempts()).extracting(a -> a.getOutcome())
                .containsExactly(AttemptOutcome.CIRCUIT_OPEN, AttemptOutcome.SUCCESS);
    }

    @Test
    void shouldNotFallBackAboveTheDecisionsMaxTier() {
        simulator.outage("cheap", Duration.ofMinutes(1));
        AttemptChain tiered = new AttemptChain(providers::get, tiered(Map.of("cheap", Tier.ECONOMY, "backup", Tier.PREMIUM)),
                Duration.ofSeconds(5), new ProviderGuards(ResilienceSettings.defaults().withAttemptsPerModel(1)));
        DispatchRecord capped = dispatch(ref("openai", "cheap"), ref("anthropic", "backup"));
        capped.getDecision().setMaxTier(Tier.ECONOMY);

        Completion completion = tiered.run(capped).join();

        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.FAILED);
        assertThat(completion.response().getAttempts()).extracting(a -> a.getTarget()).containsExactly(ref("openai", "cheap"));
        assertThat(simulator.stats().requests("backup")).isZero();
    }

    @Test
    void shouldTimeOutACallTheAdapterNeverCompletesAndFailOver() throws Exception {
        LlmProvider silent = new LlmProvider() {
            @Override
            public String id() {
                return "silent";
            }

            @Override
            public CompletableFuture<ChatResult> chat(ChatRequest request) {
                return new CompletableFuture<>();
            }
        };
        AttemptChain guarded = new AttemptChain(id -> id.equals("silent") ? silent : providers.get(id), PER_TOKEN, Duration.ofMillis(200),
                new ProviderGuards(ResilienceSettings.defaults().withAttemptsPerModel(1)));
        CompletableFuture<Completion> running = guarded.run(dispatch(ref("silent", "mute"), ref("openai", "cheap")));

        // The deadline is the attempt timeout plus a second; a sweep before it leaves the call alone.
        assertThat(guarded.expireOverdueCalls()).isZero();
        Thread.sleep(1_300);
        assertThat(guarded.expireOverdueCalls()).isEqualTo(1);

        Completion completion = running.get(5, TimeUnit.SECONDS);
        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(completion.response().getAttempts()).extracting(a -> a.getOutcome())
                .containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS);
    }

    @Test
    void shouldCopyTheDecisionsPolicyVersionAndCacheKeyIntoCostEvents() {
        DispatchRecord dispatch = dispatch(ref("openai", "cheap"));
        dispatch.getDecision().setCacheKey("digest@s:ada-session");

        CostEvent cost = chain.run(dispatch).join().costEvents().getFirst();

        assertThat(cost.getPolicyVersion()).isEqualTo("p1");
        assertThat(cost.getCacheKey()).isEqualTo("digest@s:ada-session");
    }

    /** Prices per token, with the catalog tiers of the named models. */
    static CostCalculator tiered(Map<String, Tier> tiers) {
        return new CostCalculator() {
            @Override
            public long costMicros(ModelRef model, TokenUsage usage) {
                return PER_TOKEN.costMicros(model, usage);
            }

            @Override
            public String catalogVersion() {
                return PER_TOKEN.catalogVersion();
            }

            @Override
            public java.util.Optional<Tier> tierOf(ModelRef model) {
                return java.util.Optional.ofNullable(tiers.get(model.getModel()));
            }
        };
    }

    private AttemptChain chainWith(ResilienceSettings settings) {
        return new AttemptChain(providers::get, PER_TOKEN, Duration.ofSeconds(5), new ProviderGuards(settings));
    }

    private void givenModel(String model, ModelProfile profile) {
        simulator.update(config -> new SimulatorConfig(config.port(), config.apiKeys(), config.cacheTtl(), config.cacheMinTokens(),
                config.defaultProfile(), Map.of(model, profile), config.outages()));
    }

    private static ModelRef ref(String provider, String model) {
        return new ModelRef(provider, model);
    }

    private static DispatchRecord dispatch(ModelRef primary, ModelRef... fallbacks) {
        var request = Requests.prompt("ada", "What is the capital of Chile?");
        return new DispatchRecord(request,
                Classification.newBuilder().setClassifierVersion("test").build(),
                RoutingDecision.newBuilder().setPrimary(primary).setFallbacks(List.of(fallbacks)).setTier(Tier.ECONOMY)
                        .setEstimatedCostMicros(10).setReason(RouteReason.POLICY).setPolicyVersion("p1")
                        .setDecidedAt(Instant.now()).build());
    }
}
