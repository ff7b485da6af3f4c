package dev.llmrouter.analytics;

import dev.llmrouter.provider.TokenUsage;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.schema.AttemptBilling;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.worker.CostCalculator;
import java.util.function.Supplier;

/**
 * What a billed call would have cost without routing: the same token counts on the primary model of the
 * policy's premium tier, at catalog prices. Cached and cache-write tokens are priced as the premium
 * model's cached tokens too, so the saving shown is the routing's alone, not the prompt cache's.
 */
public final class PremiumBaseline {

    private final Supplier<RoutingPolicy> policy;
    private final CostCalculator prices;

    public PremiumBaseline(Supplier<RoutingPolicy> policy, CostCalculator prices) {
        this.policy = policy;
        this.prices = prices;
    }

    /** The premium model the baseline prices against, under the policy in force. */
    public ModelRef premiumModel() {
        return policy.get().chainOf(Tier.PREMIUM).getFirst();
    }

    /** The call's tokens at the premium model's prices, in micro-dollars; its own cost if the catalog lacks the model. */
    public long premiumCostMicros(AttemptBilling call) {
        var usage = call.getUsage();
        return premiumCostMicros(new TokenUsage(usage.getInputTokens(), usage.getOutputTokens(), usage.getCachedInputTokens(),
                usage.getCacheWriteTokens()), call.getCostMicros());
    }

    /** The same for a call as its cost event tells it. */
    public long premiumCostMicros(CostEvent event) {
        return premiumCostMicros(new TokenUsage(event.getInputTokens(), event.getOutputTokens(), event.getCachedInputTokens(),
                event.getCacheWriteTokens()), event.getCostMicros());
    }

    private long premiumCostMicros(TokenUsage usage, long ownCostMicros) {
        try {
            return prices.costMicros(premiumModel(), usage);
        } catch (RuntimeException e) {
            return ownCostMicros;
        }
    }
}
