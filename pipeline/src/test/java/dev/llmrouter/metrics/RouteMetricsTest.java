package dev.llmrouter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.Tier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RouteMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RouteMetrics metrics = new RouteMetrics(registry);

    @Test
    void shouldCountDecisionsByTierAndReasonAndBudgetDowngradesApart() {
        metrics.routed(decision(Tier.PREMIUM, RouteReason.POLICY));
        metrics.routed(decision(Tier.ECONOMY, RouteReason.BUDGET_DOWNGRADE));

        assertThat(registry.get(RouteMetrics.DECISIONS).tags("tier", "premium", "reason", "policy").counter().count()).isEqualTo(1);
        assertThat(registry.get(RouteMetrics.DECISIONS).tags("tier", "economy", "reason", "budget_downgrade").counter().count()).isEqualTo(1);
        assertThat(registry.get(RouteMetrics.BUDGET_DOWNGRADES).tags("tier", "economy").counter().count()).isEqualTo(1);
        assertThat(registry.find(RouteMetrics.REFUSALS).counter()).isNull();
    }

    @Test
    void shouldCountRefusalsByCause() {
        metrics.refused(decision(Tier.STANDARD, RouteReason.POLICY), "BUDGET");

        assertThat(registry.get(RouteMetrics.REFUSALS).tags("tier", "standard", "cause", "budget").counter().count()).isEqualTo(1);
    }

    private static RoutingDecision decision(Tier tier, RouteReason reason) {
        return RoutingDecision.newBuilder().setPrimary(new ModelRef("openai", "gpt-5-mini")).setTier(tier).setReason(reason)
                .setDecidedAt(Instant.now()).build();
    }
}
