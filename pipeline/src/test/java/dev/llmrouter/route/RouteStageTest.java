package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.BudgetHolderKind;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.RequestHints;
import dev.llmrouter.schema.Reservation;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.support.Answers;
import dev.llmrouter.support.Requests;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SchemaRegistryExtension.class)
class RouteStageTest {

    private static final String POLICY = """
            version: test-1
            tiers:
              economy: [openai/cheap, google/cheap-backup]
              standard: [openai/middle]
              premium: [anthropic/best, openai/second-best]
            routes:
              - when: {complexity: [low]}
                tier: economy
              - when: {category: [code], complexity: [high]}
                tier: premium
            default-tier: standard
            default-output-tokens: 100
            budgets:
              default: {period: day, limit-usd: 1.00}
              users:
                frugal: {period: day, limit-usd: 0.001}
            """;

    /** One micro-dollar per token, whatever the model: estimates are easy to check. */
    private static final CostEstimator ONE_MICRO_PER_TOKEN = (model, in, out) -> in + out;

    private RouteDriver route;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        route = new RouteDriver(registry.url(), POLICY, ONE_MICRO_PER_TOKEN);
    }

    @AfterEach
    void tearDown() {
        route.close();
    }

    @Test
    void shouldRouteSimplePromptToEconomyPrimaryWithItsFallbacks() {
        route.classified.pipeInput("ada", Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT));

        DispatchRecord routed = route.dispatch.readValue();
        assertThat(routed.getDecision().getTier()).isEqualTo(Tier.ECONOMY);
        assertThat(routed.getDecision().getPrimary()).isEqualTo(new ModelRef("openai", "cheap"));
        assertThat(routed.getDecision().getFallbacks()).containsExactly(new ModelRef("google", "cheap-backup"));
        assertThat(routed.getDecision().getReason()).isEqualTo(RouteReason.POLICY);
        assertThat(routed.getDecision().getPolicyVersion()).isEqualTo("test-1");
    }

    @Test
    void shouldUseDefaultTierWhenNoRouteMatches() {
        route.classified.pipeInput("ada", Requests.classified("ada", Complexity.MEDIUM, TaskCategory.CREATIVE));

        DispatchRecord routed = route.dispatch.readValue();
        assertThat(routed.getDecision().getTier()).isEqualTo(Tier.STANDARD);
        assertThat(routed.getDecision().getReason()).isEqualTo(RouteReason.DEFAULT_ROUTE);
    }

    @Test
    void shouldRaiseTierWhenRequestAsksForAMinimum() {
        ClassifiedRequest request = Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT);
        request.getRequest().setHints(RequestHints.newBuilder().setMinTier(Tier.PREMIUM).build());

        route.classified.pipeInput("ada", request);

        DispatchRecord routed = route.dispatch.readValue();
        assertThat(routed.getDecision().getPrimary()).isEqualTo(new ModelRef("anthropic", "best"));
        assertThat(routed.getDecision().getReason()).isEqualTo(RouteReason.HINT);
    }

    @Test
    void shouldReserveTheEstimateInTheUsersBudget() {
        ClassifiedRequest request = Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT);

        route.classified.pipeInput("ada", request);

        // 1,000 estimated input tokens + 100 default output tokens at one micro-dollar each.
        assertThat(route.dispatch.readValue().getDecision().getEstimatedCostMicros()).isEqualTo(1_100);
        BudgetState state = route.store(RouteStage.BUDGET_STORE).get("ada");
        assertThat(state.getReservedMicros()).isEqualTo(1_100);
    }

    @Test
    void shouldNameWhatItReservedWithEveryHolderInTheDecision() {
        ClassifiedRequest request = Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT);
        request.getRequest().setSessionId("ada-session");

        route.classified.pipeInput("ada", request);

        RoutingDecision decision = route.dispatch.readValue().getDecision();
        assertThat(decision.getReservations()).extracting(Reservation::getHolder, Reservation::getMicros)
                .containsExactly(tuple(BudgetHolderKind.USER, 1_100L));
        assertThat(decision.getReservations().getFirst().getPeriodStart()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void shouldReleaseEachReservationOnceWhenTheResponseComesTwice() {
        route.classified.pipeInput("ada", Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT));
        route.classified.pipeInput("ada", Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT));
        DispatchRecord first = route.dispatch.readValue();

        route.settle(first, 700);
        route.settle(first, 700);

        BudgetState state = route.store(RouteStage.BUDGET_STORE).get("ada");
        assertThat(state.getReservedMicros()).as("the second request's reservation").isEqualTo(1_100);
        assertThat(state.getSpentMicros()).isEqualTo(700);
    }

    @Test
    void shouldRefuseWhenTheBudgetCannotCoverTheEstimate() {
        ClassifiedRequest request = Requests.classified("frugal", Complexity.LOW, TaskCategory.CHAT);

        route.classified.pipeInput("frugal", request);

        assertThat(route.dispatch.isEmpty()).isTrue();
        LlmResponse refusal = route.responses.readValue();
        assertThat(refusal.getStatus()).isEqualTo(ResponseStatus.REFUSED);
        assertThat(refusal.getRequestId()).isEqualTo(request.getRequest().getRequestId());
        assertThat(refusal.getError()).contains("budget exhausted: user frugal").contains("limit 0.001 USD");
    }

    @Test
    void shouldChargeEveryBilledAttemptOfARequestButARepeatedResponseOnce() {
        LlmResponse response = Answers.of("req-1", "ada", RouteDriver.START,
                Answers.call(1, "openai", "cheap", 0, 0, 0, 2_500, RouteDriver.START),
                Answers.call(2, "anthropic", "best", 0, 0, 0, 500, RouteDriver.START)).build();

        route.responsesIn.pipeInput("ada", response);
        route.responsesIn.pipeInput("ada", LlmResponse.newBuilder(response).setCompletedAt(RouteDriver.START.plusSeconds(90)).build());

        assertThat(route.store(RouteStage.BUDGET_STORE).get("ada").getSpentMicros()).isEqualTo(3_000);
    }

    @Test
    void shouldChargeAndReleaseTheReservationWhenTheResponseArrives() {
        ClassifiedRequest request = Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT);
        route.classified.pipeInput("ada", request);

        route.settle(route.dispatch.readValue(), 700);

        BudgetState state = route.store(RouteStage.BUDGET_STORE).get("ada");
        assertThat(state.getReservedMicros()).isZero();
        assertThat(state.getSpentMicros()).isEqualTo(700);
    }

    @Test
    void shouldReleaseTheReservationOfARequestThatFailedWithoutABilledCall() {
        ClassifiedRequest request = Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT);
        route.classified.pipeInput("ada", request);

        route.responsesIn.pipeInput("ada", dev.llmrouter.outcome.Responses.forDispatch(route.dispatch.readValue(), Instant.now())
                .setStatus(ResponseStatus.FAILED).setError("every model was down").build());

        BudgetState state = route.store(RouteStage.BUDGET_STORE).get("ada");
        assertThat(state.getReservedMicros()).isZero();
        assertThat(state.getSpentMicros()).isZero();
    }

    @Test
    void shouldRefuseOnceSettledSpendReachesTheLimit() {
        route.spend("ada", "earlier", 999_500);

        route.classified.pipeInput("ada", Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT));

        assertThat(route.responses.readValue().getStatus()).isEqualTo(ResponseStatus.REFUSED);
        assertThat(route.dispatch.isEmpty()).isTrue();
    }
}
