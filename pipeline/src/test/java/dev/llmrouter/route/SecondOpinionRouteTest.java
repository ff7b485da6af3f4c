package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.SecondOpinionPlan;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.support.Requests;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The route stage marks uncertain decisions for a second opinion in the workers. */
@ExtendWith(SchemaRegistryExtension.class)
class SecondOpinionRouteTest {

    private static final String POLICY = """
            version: test-1
            tiers:
              economy: [openai/cheap, google/cheap-backup]
              standard: [openai/middle]
              premium: [anthropic/best]
            routes:
              - when: {complexity: [low]}
                tier: economy
            default-tier: standard
            default-output-tokens: 100
            budgets:
              default: {period: day, limit-usd: 1.00}
              users:
                capped: {period: day, limit-usd: 0.01, downgrade: [{at: 0.5, tier: standard}]}
            second-opinion:
              enabled: true
              model: openai/cheap
              when-score-between: [0.35, 0.65]
              timeout: 1s
              cache-ttl: 1h
              cache-size: 1000
            """;
    private static final ModelRef CHEAP = new ModelRef("openai", "cheap");

    /** The premium model costs twice as much per token as the others, so the dearer chain shows in the reservation. */
    private static final CostEstimator PRICES = (model, in, out) -> model.getProvider().equals("anthropic") ? 2 * (in + out) : in + out;

    private RouteDriver route;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        route = new RouteDriver(registry.url(), POLICY, PRICES);
    }

    @AfterEach
    void tearDown() {
        route.close();
    }

    @Test
    void shouldPlanASecondOpinionForAnUncertainClassification() {
        route.classified.pipeInput("ada", classified("ada", 0.5));

        DispatchRecord routed = route.dispatch.readValue();

        SecondOpinionPlan plan = routed.getDecision().getSecondOpinion();
        assertThat(plan.getRater()).isEqualTo(CHEAP);
        assertThat(plan.getTimeoutMs()).isEqualTo(1_000);
        assertThat(plan.getEasy()).containsExactly(CHEAP, new ModelRef("google", "cheap-backup"));
        assertThat(plan.getHard()).containsExactly(new ModelRef("anthropic", "best"));
        assertThat(plan.getCacheTtlMs()).isEqualTo(3_600_000);
        assertThat(plan.getCacheSize()).isEqualTo(1_000);
        assertThat(routed.getDecision().getPrimary()).isEqualTo(new ModelRef("openai", "middle"));
        // The primary's 1,100 plus the rating call plus the 1,100 the premium chain may add.
        assertThat(routed.getDecision().getEstimatedCostMicros()).isGreaterThan(2_200);
        assertThat(routed.getDecision().getReasonDetail()).contains("score 0.50 uncertain: second opinion by openai/cheap");
    }

    @Test
    void shouldNotPlanASecondOpinionForAConfidentClassification() {
        route.classified.pipeInput("ada", classified("ada", 0.9));
        route.classified.pipeInput("ada", classified("ada", 0.1));

        assertThat(route.dispatch.readValuesToList()).allSatisfy(routed -> {
            assertThat(routed.getDecision().getSecondOpinion()).isNull();
            assertThat(routed.getDecision().getEstimatedCostMicros()).isEqualTo(1_100);
        });
    }

    @Test
    void shouldNeverPlanAChainAboveTheBudgetsCap() {
        route.spend("capped", "earlier", 6_000);

        route.classified.pipeInput("capped", classified("capped", 0.5));

        DispatchRecord routed = route.dispatch.readValue();
        assertThat(routed.getDecision().getMaxTier()).isEqualTo(Tier.STANDARD);
        SecondOpinionPlan plan = routed.getDecision().getSecondOpinion();
        assertThat(plan.getHard()).isEmpty();
        assertThat(Stream.concat(Stream.of(plan.getRater()), plan.getEasy().stream()).toList())
                .allSatisfy(model -> assertThat(model.getProvider()).isNotEqualTo("anthropic"));
    }

    @Test
    void shouldNotPlanASecondOpinionWhenThePolicyTurnsItOff() {
        route.publish(POLICY.replace("version: test-1", "version: test-2").replace("enabled: true", "enabled: false"), "test-2");

        route.classified.pipeInput("ada", classified("ada", 0.5));

        DispatchRecord routed = route.dispatch.readValue();
        assertThat(routed.getDecision().getPolicyVersion()).isEqualTo("test-2");
        assertThat(routed.getDecision().getSecondOpinion()).isNull();
    }

    private static ClassifiedRequest classified(String user, double score) {
        ClassifiedRequest request = Requests.classified(user, Complexity.MEDIUM, TaskCategory.CHAT);
        request.getClassification().setScore(score);
        return request;
    }
}
