package dev.llmrouter.worker;

import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.Tier;
import java.util.List;

/**
 * The highest tier a request's attempts may use, from its decision's {@code maxTier}: set when a budget
 * caps the request, so no fallback or escalation spends a capped user's money on a premium model.
 * Models are judged by the price catalog's tier; a model the catalog does not classify is allowed.
 */
record TierCeiling(Tier max, CostCalculator costs) {

    static TierCeiling of(RoutingDecision decision, CostCalculator costs) {
        return new TierCeiling(decision.getMaxTier(), costs);
    }

    boolean allows(ModelRef model) {
        return max == Tier.UNSPECIFIED || costs.tierOf(model).map(tier -> tier.ordinal() <= max.ordinal()).orElse(true);
    }

    List<ModelRef> filter(List<ModelRef> chain) {
        return chain.stream().filter(this::allows).toList();
    }
}
