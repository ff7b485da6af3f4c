package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.outcome.Responses;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.support.Answers;
import dev.llmrouter.support.Requests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A session's long system prompt sticks to the model whose provider cache holds it, while that is cheaper. */
@ExtendWith(SchemaRegistryExtension.class)
class CacheAffinityTest {

    private static final String POLICY = """
            version: cache-1
            tiers:
              economy: [openai/cheap]
              standard: [google/middle]
              premium: [anthropic/best]
            routes:
              - when: {complexity: [low]}
                tier: economy
              - when: {complexity: [high]}
                tier: premium
            default-tier: standard
            default-output-tokens: 100
            budgets:
              default: {period: day, limit-usd: 1.00, downgrade: [{at: 0.5, tier: economy}]}
            cache:
              min-prefix-tokens: 1000
              ttl: {default: 5m}
            """;

    /** Micro-dollars per input token, per cached input token: openai/cheap has no cache discount, google/middle 90%. */
    private static final Map<String, double[]> PRICES = Map.of("cheap", new double[] {2, 2}, "middle", new double[] {3, 0.3},
            "best", new double[] {10, 1});

    private static final CostEstimator PRICED = new CostEstimator() {
        @Override
        public long estimateMicros(ModelRef model, long inputTokens, long outputTokens) {
            return estimateMicros(model, inputTokens, 0, outputTokens);
        }

        @Override
        public long estimateMicros(ModelRef model, long inputTokens, long cachedInputTokens, long outputTokens) {
            double[] price = PRICES.get(model.getModel());
            return Math.round(price[0] * (inputTokens - cachedInputTokens) + price[1] * cachedInputTokens + outputTokens);
        }
    };

    /** 8,000 characters: 2,000 estimated tokens, above the policy's 1,000-token minimum. */
    private static final String SYSTEM_PROMPT = "You are the support assistant of ACME. ".repeat(250).substring(0, 8_000);

    private RouteDriver route;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        route = new RouteDriver(registry.url(), POLICY, PRICED);
    }

    @AfterEach
    void tearDown() {
        route.close();
    }

    @Test
    void shouldStickToWarmCacheWhenItMakesACapableModelCheaper() {
        DispatchRecord first = routeInSession("s1", Complexity.MEDIUM);
        warm(first);

        DispatchRecord second = routeInSession("s1", Complexity.LOW);

        assertThat(first.getDecision().getPrimary()).isEqualTo(new ModelRef("google", "middle"));
        assertThat(first.getDecision().getCacheKey()).endsWith("@s:s1");
        assertThat(second.getDecision().getPrimary()).isEqualTo(new ModelRef("google", "middle"));
        assertThat(second.getDecision().getFallbacks()).containsExactly(new ModelRef("openai", "cheap"));
        assertThat(second.getDecision().getReason()).isEqualTo(RouteReason.CACHE_AFFINITY);
        // 100 uncached input x 3 + 2,000 cached x 0.3 + 100 output, against 2,100 x 2 + 100 on openai/cheap.
        assertThat(second.getDecision().getEstimatedCostMicros()).isEqualTo(1_000);
        assertThat(second.getDecision().getReasonDetail()).contains("instead of 4300");
    }

    @Test
    void shouldKeepLandingOnTheCachedModelForTheWholeSession() {
        warm(routeInSession("s1", Complexity.MEDIUM));

        for (int i = 0; i < 5; i++) {
            route.clock.advance(Duration.ofMinutes(2));
            DispatchRecord next = routeInSession("s1", Complexity.LOW);
            assertThat(next.getDecision().getPrimary()).isEqualTo(new ModelRef("google", "middle"));
            warm(next);
        }
    }

    @Test
    void shouldStopStickingOnceTheCacheTtlHasPassed() {
        warm(routeInSession("s1", Complexity.MEDIUM));

        route.clock.advance(Duration.ofMinutes(6));
        DispatchRecord later = routeInSession("s1", Complexity.LOW);

        assertThat(later.getDecision().getPrimary()).isEqualTo(new ModelRef("openai", "cheap"));
        assertThat(later.getDecision().getReason()).isEqualTo(RouteReason.POLICY);
    }

    @Test
    void shouldNotShareOneSessionsCacheWithAnother() {
        warm(routeInSession("s1", Complexity.MEDIUM));

        DispatchRecord otherSession = routeInSession("s2", Complexity.LOW);

        assertThat(otherSession.getDecision().getPrimary()).isEqualTo(new ModelRef("openai", "cheap"));
    }

    @Test
    void shouldNotStickToACachedModelAboveTheBudgetCap() {
        warm(routeInSession("s1", Complexity.MEDIUM));
        route.spend("ada", "earlier", 600_000);

        DispatchRecord capped = routeInSession("s1", Complexity.LOW);

        assertThat(capped.getDecision().getPrimary()).isEqualTo(new ModelRef("openai", "cheap"));
    }

    @Test
    void shouldIgnoreShortSystemPrompts() {
        ClassifiedRequest request = request("s1", Complexity.MEDIUM);
        request.getRequest().setSystemPrompt("Be brief.");

        route.classified.pipeInput("ada", request);

        assertThat(route.dispatch.readValue().getDecision().getCacheKey()).isNull();
    }

    private DispatchRecord routeInSession(String session, Complexity complexity) {
        route.classified.pipeInput("ada", request(session, complexity));
        return route.dispatch.readValue();
    }

    private static ClassifiedRequest request(String session, Complexity complexity) {
        ClassifiedRequest request = Requests.classified("ada", complexity, TaskCategory.CHAT);
        request.getRequest().setSessionId(session);
        request.getRequest().setSystemPrompt(SYSTEM_PROMPT);
        request.getClassification().setEstimatedInputTokens(2_100);
        return request;
    }

    /** The worker's answer from the decision's primary, whose call sent the prompt and so warmed its cache. */
    private void warm(DispatchRecord routed) {
        ModelRef primary = routed.getDecision().getPrimary();
        Attempt call = Answers.call(1, primary.getProvider(), primary.getModel(), 2_100, 10, 0, 100, route.clock.instant());
        call.getBilling().setCacheKey(routed.getDecision().getCacheKey());
        route.responsesIn.pipeInput("ada", Responses.forDispatch(routed, route.clock.instant()).setStatus(ResponseStatus.OK)
                .setAttempts(List.of(call)).setCostMicros(100).build());
    }
}
