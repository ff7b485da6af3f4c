package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.support.Requests;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Policies published on the policy topic apply to the next request; invalid ones never replace a good one. */
@ExtendWith(SchemaRegistryExtension.class)
class PolicyUpdateTest {

    private static final String V1 = """
            version: v1
            tiers:
              economy: [openai/cheap]
              premium: [anthropic/best]
            routes:
              - when: {complexity: [low]}
                tier: economy
            default-tier: premium
            """;
    private static final String V2 = V1.replace("version: v1", "version: v2").replace("tier: economy", "tier: premium");

    private RouteDriver route;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        route = new RouteDriver(registry.url(), V1, (model, in, out) -> in + out);
    }

    @AfterEach
    void tearDown() {
        route.close();
    }

    @Test
    void shouldApplyPublishedPolicyWithoutRestart() {
        DispatchRecord before = routeSimplePrompt();

        route.publish(V2, "v2");
        DispatchRecord after = routeSimplePrompt();

        assertThat(before.getDecision().getTier()).isEqualTo(Tier.ECONOMY);
        assertThat(before.getDecision().getPolicyVersion()).isEqualTo("v1");
        assertThat(after.getDecision().getTier()).isEqualTo(Tier.PREMIUM);
        assertThat(after.getDecision().getPolicyVersion()).isEqualTo("v2");
        assertThat(route.meters.get("llmrouter.policy.updates").tag("result", "applied").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheLastGoodPolicyWhenAnInvalidOneIsPublished() {
        route.publish(V2, "v2");
        routeSimplePrompt();

        route.clock.advance(Duration.ofSeconds(1));
        route.publish(V2.replace("version: v2", "version: v3").replace("tier: premium\n", "tier: premum\n"), "v3");
        DispatchRecord after = routeSimplePrompt();

        assertThat(after.getDecision().getPolicyVersion()).isEqualTo("v2");
        assertThat(route.meters.get("llmrouter.policy.updates").tag("result", "rejected").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldApplyAGoodPolicyPublishedAfterABadOne() {
        route.publish("version: broken\ntiers: {}\n", "broken");
        routeSimplePrompt();

        route.clock.advance(Duration.ofSeconds(1));
        route.publish(V2, "v2");

        assertThat(routeSimplePrompt().getDecision().getPolicyVersion()).isEqualTo("v2");
    }

    @Test
    void shouldSettleBudgetsUnderThePublishedPolicysLimits() {
        route.publish(V2 + "budgets:\n  default: {period: day, limit-usd: 0.000001}\n", "v2");

        route.classified.pipeInput("ada", Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT));

        assertThat(route.dispatch.isEmpty()).isTrue();
        assertThat(route.responses.readValue().getError()).contains("limit 0.000001 USD");
    }

    private DispatchRecord routeSimplePrompt() {
        route.classified.pipeInput("ada", Requests.classified("ada", Complexity.LOW, TaskCategory.CHAT));
        return route.dispatch.readValue();
    }
}
