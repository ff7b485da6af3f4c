package dev.llmrouter.metrics;

import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The route stage's meters: decisions by tier and reason, budget downgrades and refusals. Recorded as
 * the stage processes a request; under exactly-once a request reprocessed after a crash counts again,
 * so these are operational rates, while spend and counts for billing come from the cost events.
 */
public final class RouteMetrics {

    public static final String DECISIONS = "llmrouter.route.decisions";
    public static final String BUDGET_DOWNGRADES = "llmrouter.route.budget.downgrades";
    public static final String REFUSALS = "llmrouter.route.refusals";

    private final MeterRegistry registry;
    private final MeterCache meters = new MeterCache();

    public RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records nowhere: for stages built without metrics. */
    public static RouteMetrics none() {
        return new RouteMetrics(new CompositeMeterRegistry());
    }

    /** A request was routed under {@code decision}. */
    public void routed(RoutingDecision decision) {
        String tier = Tags.of(decision.getTier());
        String reason = Tags.of(decision.getReason());
        meters.<Counter>get(List.of(DECISIONS, tier, reason), () -> Counter.builder(DECISIONS)
                .description("Routing decisions by tier and reason").tag("tier", tier).tag("reason", reason).register(registry)).increment();
        if (decision.getReason() == RouteReason.BUDGET_DOWNGRADE) {
            meters.<Counter>get(List.of(BUDGET_DOWNGRADES, tier), () -> Counter.builder(BUDGET_DOWNGRADES)
                    .description("Requests routed to a cheaper tier because the budget was running out").tag("tier", tier)
                    .register(registry)).increment();
        }
    }

    /**
     * A request was refused; {@code cause} says why: {@code user_budget}, {@code session_budget} or
     * {@code tenant_budget} at a budget's hard limit.
     */
    public void refused(RoutingDecision decision, String cause) {
        String tier = Tags.of(decision.getTier());
        String why = cause.toLowerCase(Locale.ROOT);
        meters.<Counter>get(List.of(REFUSALS, tier, why), () -> Counter.builder(REFUSALS).description("Requests refused by the route stage")
                .tag("tier", tier).tag("cause", why).register(registry)).increment();
    }
}
