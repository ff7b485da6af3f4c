package dev.llmrouter.route;

import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cache step: among the chain's primary and the models whose provider cache holds the request's
 * prompt prefix warm, the one with the lowest expected cost (cached input at the cached price) answers,
 * provided it serves the decided tier or a higher one within the budget cap. Choosing another model
 * than the primary this way is recorded as {@link RouteReason#CACHE_AFFINITY}.
 */
final class CacheAffinity {

    /** The chain to call and its estimate, after this step. */
    record Pick(List<ModelRef> chain, long estimateMicros, RouteReason reason, String detail) {
    }

    private CacheAffinity() {
    }

    /**
     * @param warmUntil provider/model -> until when its cache holds the prefix (from the cache-status store)
     */
    static Pick apply(Choice choice, List<ModelRef> chain, RoutingPolicy policy, CostEstimator costs, long inputTokens,
                      long outputTokens, Optional<PromptPrefix> prefix, Map<String, Long> warmUntil, Instant now) {
        ModelRef primary = chain.getFirst();
        long primaryCached = prefix.filter(p -> isWarm(primary, warmUntil, now)).map(PromptPrefix::tokens).orElse(0L);
        long best = costs.estimateMicros(primary, inputTokens, Math.min(primaryCached, inputTokens), outputTokens);
        if (prefix.isEmpty()) {
            return new Pick(chain, best, choice.reason(), choice.detail());
        }
        ModelRef bestModel = primary;
        for (Map.Entry<String, Long> entry : warmUntil.entrySet()) {
            ModelRef model = parse(entry.getKey());
            if (model == null || model.equals(primary) || entry.getValue() <= now.toEpochMilli() || !meetsTier(model, choice, policy)) {
                continue;
            }
            long cost = costs.estimateMicros(model, inputTokens, Math.min(prefix.get().tokens(), inputTokens), outputTokens);
            if (cost < best) {
                best = cost;
                bestModel = model;
            }
        }
        if (bestModel.equals(primary)) {
            return new Pick(chain, best, choice.reason(), choice.detail());
        }
        List<ModelRef> sticky = new ArrayList<>();
        sticky.add(bestModel);
        chain.stream().filter(model -> !model.equals(sticky.getFirst())).forEach(sticky::add);
        long uncached = costs.estimateMicros(primary, inputTokens, primaryCached, outputTokens);
        return new Pick(List.copyOf(sticky), best, RouteReason.CACHE_AFFINITY, String.format(Locale.ROOT,
                "%s/%s holds the %d-token prompt prefix warm: est. %d instead of %d micro-USD on %s/%s (%s)",
                bestModel.getProvider(), bestModel.getModel(), prefix.get().tokens(), best, uncached,
                primary.getProvider(), primary.getModel(), choice.detail()));
    }

    /** The model is listed under the decided tier or a higher one, and not above the budget cap. */
    private static boolean meetsTier(ModelRef model, Choice choice, RoutingPolicy policy) {
        for (Map.Entry<Tier, List<ModelRef>> tier : policy.tiers().entrySet()) {
            boolean inRange = tier.getKey().ordinal() >= choice.tier().ordinal()
                    && (choice.maxTier() == Tier.UNSPECIFIED || tier.getKey().ordinal() <= choice.maxTier().ordinal());
            if (inRange && tier.getValue().contains(model)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWarm(ModelRef model, Map<String, Long> warmUntil, Instant now) {
        Long until = warmUntil.get(name(model));
        return until != null && until > now.toEpochMilli();
    }

    static String name(ModelRef model) {
        return model.getProvider() + "/" + model.getModel();
    }

    private static ModelRef parse(String name) {
        int slash = name.indexOf('/');
        return slash <= 0 ? null : new ModelRef(name.substring(0, slash), name.substring(slash + 1));
    }
}
