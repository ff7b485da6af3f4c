package dev.llmrouter.route;

import dev.llmrouter.schema.RouteReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Counts of the route stage's decisions by reason, and of refusals by holder kind. */
final class RouteMetrics {

    private final Map<RouteReason, Counter> decisions = new EnumMap<>(RouteReason.class);
    private final Map<BudgetHolder, Counter> refusals = new EnumMap<>(BudgetHolder.class);

    RouteMetrics(MeterRegistry meters) {
        for (RouteReason reason : RouteReason.values()) {
            decisions.put(reason, Counter.builder("llm.router.route.decisions").tag("reason", reason.name())
                    .description("Routing decisions by the reason that decided them").register(meters));
        }
        for (BudgetHolder holder : BudgetHolder.values()) {
            refusals.put(holder, Counter.builder("llm.router.route.refusals").tag("holder", holder.name().toLowerCase(Locale.ROOT))
                    .description("Requests refused at a budget's hard limit").register(meters));
        }
    }

    void decided(RouteReason reason) {
        decisions.get(reason).increment();
    }

    void refused(BudgetHolder holder) {
        refusals.get(holder).increment();
    }
}
