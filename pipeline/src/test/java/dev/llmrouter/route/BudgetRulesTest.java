package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.support.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Budgets per user, session and tenant: the downgrade ladder, the hard limit, settlement. */
@ExtendWith(SchemaRegistryExtension.class)
class BudgetRulesTest {

    private static final String POLICY = """
            version: budgets-1
            tiers:
              economy: [openai/cheap]
              standard: [openai/middle, google/middle-backup]
              premium: [anthropic/best, openai/second-best]
            routes:
              - when: {complexity: [high]}
                tier: premium
            default-tier: standard
            default-output-tokens: 100
            budgets:
              default:
                period: day
                limit-usd: 0.01
                downgrade:
                  - {at: 0.5, tier: standard}
                  - {at: 0.8, tier: economy}
              session: {period: day, limit-usd: 0.005}
              tenants:
                acme: {period: day, limit-usd: 0.004, downgrade: [{at: 0.5, tier: economy}]}
            """;

    /** 1,000 estimated input tokens + 100 output tokens: every request is estimated at 1,100 micro-dollars. */
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
    void shouldRoutePremiumWhileSpendIsBelowTheFirstStep() {
        spend("ada", 4_000);

        DispatchRecord routed = routeHard("ada", null);

        assertThat(routed.getDecision().getTier()).isEqualTo(Tier.PREMIUM);
        assertThat(routed.getDecision().getMaxTier()).isEqualTo(Tier.UNSPECIFIED);
    }

    @Test
    void shouldDowngradeWhenBudgetPassesThreshold() {
        spend("ada", 5_000);

        DispatchRecord routed = routeHard("ada", null);

        assertThat(routed.getDecision().getTier()).isEqualTo(Tier.STANDARD);
        assertThat(routed.getDecision().getReason()).isEqualTo(RouteReason.BUDGET_DOWNGRADE);
        assertThat(routed.getDecision().getReasonDetail()).startsWith("user ada at 50% of its day budget");
        assertThat(routed.getDecision().getPrimary()).isEqualTo(new ModelRef("openai", "middle"));
    }

    @Test
    void shouldCapFallbacksAtTheDowngradedTier() {
        spend("ada", 5_000);

        DispatchRecord routed = routeHard("ada", null);

        assertThat(routed.getDecision().getMaxTier()).isEqualTo(Tier.STANDARD);
        assertThat(routed.getDecision().getFallbacks()).containsExactly(new ModelRef("google", "middle-backup"));
    }

    @Test
    void shouldDowngradeFurtherAtTheNextStep() {
        spend("ada", 8_000);

        DispatchRecord routed = routeHard("ada", null);

        assertThat(routed.getDecision().getTier()).isEqualTo(Tier.ECONOMY);
        assertThat(routed.getDecision().getMaxTier()).isEqualTo(Tier.ECONOMY);
        assertThat(routed.getDecision().getFallbacks()).isEmpty();
    }

    @Test
    void shouldRefuseAtHardLimit() {
        spend("ada", 9_500);

        ClassifiedRequest request = hard("ada", null);
        route.classified.pipeInput("ada", request);

        assertThat(route.dispatch.isEmpty()).isTrue();
        LlmResponse refusal = route.responses.readValue();
        assertThat(refusal.getStatus()).isEqualTo(ResponseStatus.REFUSED);
        assertThat(refusal.getRequestId()).isEqualTo(request.getRequest().getRequestId());
        assertThat(refusal.getError()).isEqualTo("budget exhausted: user ada spent 0.0095 + reserved 0 + estimate 0.0011"
                + " exceeds the day limit 0.01 USD");
        assertThat(refusal.getDecision().getPolicyVersion()).isEqualTo("budgets-1");
    }

    @Test
    void shouldCountOpenReservationsTowardsTheLadder() {
        for (int i = 0; i < 5; i++) {
            route.classified.pipeInput("ada", Requests.classified("ada", Complexity.MEDIUM, TaskCategory.CHAT));
        }

        DispatchRecord routed = routeHard("ada", null);

        // Five requests in flight reserve 5 x 1,100 = 5,500 of 10,000: past the 50% step.
        assertThat(routed.getDecision().getTier()).isEqualTo(Tier.STANDARD);
    }

    @Test
    void shouldRefuseWhenTheSessionBudgetIsSpentButNotTheUsers() {
        LlmResponse sessionSpend = RouteDriver.answered("ada", "earlier", 4_500);
        sessionSpend.setSessionId("ada-session");
        route.responsesIn.pipeInput("ada", sessionSpend);

        route.classified.pipeInput("ada", Requests.classified("ada", Complexity.MEDIUM, TaskCategory.CHAT));
        ClassifiedRequest otherSession = Requests.classified("ada", Complexity.MEDIUM, TaskCategory.CHAT);
        otherSession.getRequest().setSessionId("ada-second-session");
        route.classified.pipeInput("ada", otherSession);

        assertThat(route.responses.readValue().getError()).startsWith("budget exhausted: session ada-session spent 0.0045");
        assertThat(route.dispatch.readValue().getRequest().getSessionId()).isEqualTo("ada-second-session");
    }

    @Test
    void shouldDowngradeByTheTenantsLadderWhenTenantSpendAcrossUsersPassesIt() {
        spendAsTenant("ada", "acme", 1_500);
        spendAsTenant("bob", "acme", 600);

        DispatchRecord routed = routeHard("bob", "acme");

        assertThat(routed.getDecision().getTier()).isEqualTo(Tier.ECONOMY);
        assertThat(routed.getDecision().getReason()).isEqualTo(RouteReason.BUDGET_DOWNGRADE);
        assertThat(routed.getDecision().getReasonDetail()).startsWith("tenant acme at 53%");
        assertThat(routed.getDecision().getMaxTier()).isEqualTo(Tier.ECONOMY);
        assertThat(route.store(RouteStage.TENANT_BUDGET_STORE).get("acme").getReservedMicros()).isEqualTo(1_100);
    }

    @Test
    void shouldRefuseAtTheTenantsHardLimitWhateverTheUsersBudget() {
        spendAsTenant("ada", "acme", 3_000);

        route.classified.pipeInput("carol", hard("carol", "acme"));

        assertThat(route.dispatch.isEmpty()).isTrue();
        LlmResponse refusal = route.responses.readValue();
        assertThat(refusal.getStatus()).isEqualTo(ResponseStatus.REFUSED);
        assertThat(refusal.getUserId()).isEqualTo("carol");
        assertThat(refusal.getError()).startsWith("budget exhausted: tenant acme spent 0.003");
    }

    @Test
    void shouldSettleTenantSpendOnceAndReleaseItsReservation() {
        DispatchRecord routed = routeHard("ada", "acme");

        route.settle(routed, 900);
        route.settle(routed, 900);

        var tenant = route.store(RouteStage.TENANT_BUDGET_STORE).get("acme");
        assertThat(tenant.getSpentMicros()).isEqualTo(900);
        assertThat(tenant.getReservedMicros()).isZero();
        assertThat(route.store(RouteStage.BUDGET_STORE).get("ada").getSpentMicros()).isEqualTo(900);
        assertThat(route.store(RouteStage.SESSION_BUDGET_STORE).get("3:ada/ada-session").getSpentMicros()).isEqualTo(900);
    }

    private void spend(String user, long micros) {
        route.spend(user, "earlier-" + micros, micros);
    }

    private void spendAsTenant(String user, String tenant, long micros) {
        LlmResponse answered = RouteDriver.answered(user, "earlier-" + user, micros);
        answered.setTenant(tenant);
        route.responsesIn.pipeInput(user, answered);
    }

    private static ClassifiedRequest hard(String user, String tenant) {
        ClassifiedRequest request = Requests.classified(user, Complexity.HIGH, TaskCategory.CODE);
        request.getRequest().setTenant(tenant);
        return request;
    }

    private DispatchRecord routeHard(String user, String tenant) {
        route.classified.pipeInput(user, hard(user, tenant));
        return route.dispatch.readValue();
    }
}
