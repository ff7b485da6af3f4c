package dev.llmrouter.route;

import dev.llmrouter.opinion.SecondOpinionRouting;
import dev.llmrouter.quality.CostAwareRouting;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import java.time.Instant;
import java.util.List;

/**
 * Picks the tier and model chain for a classified request under a policy, in steps: the tier the
 * routes ask for ({@link TierSelection}), capped by the budgets' downgrade ladders ({@link BudgetLadder}),
 * one tier cheaper while the instance sheds load ({@link LoadDowngrade}), then the model whose warm
 * prompt cache makes it cheapest ({@link CacheAffinity}); a policy with {@code selection:} or
 * {@code speculation:} then picks, within those limits, the model of best expected quality for its cost
 * ({@link CostAwareRouting}); a policy with {@code second-opinion:} marks uncertain decisions for a rating
 * in the worker ({@link SecondOpinionRouting}). Pure apart from the quality estimates a selecting policy reads, which learn
 * from feedback; no I/O once the bundled estimates are loaded.
 */
public final class Router {

    private final CostEstimator costs;
    private final CostAwareRouting costAware;
    private volatile CostAwareRouting bundled;

    public Router(CostEstimator costs) {
        this(costs, null);
    }

    /** @param costAware the policy's selection and speculation step; null to build it from the bundled model when a policy needs it */
    public Router(CostEstimator costs, CostAwareRouting costAware) {
        this.costs = costs;
        this.costAware = costAware;
    }

    /** The selection and speculation step, whose quality estimates learn from feedback. */
    public CostAwareRouting costAware() {
        if (costAware != null) {
            return costAware;
        }
        if (bundled == null) {
            synchronized (this) {
                if (bundled == null) {
                    bundled = CostAwareRouting.bundled(costs);
                }
            }
        }
        return bundled;
    }

    /** The decision with no budget pressure, load or warm cache. */
    public RoutingDecision decide(ClassifiedRequest classified, RoutingPolicy policy, Instant now) {
        return decide(classified, policy, RoutingContext.idle(now));
    }

    RoutingDecision decide(ClassifiedRequest classified, RoutingPolicy policy, RoutingContext context) {
        Choice choice = TierSelection.select(classified, policy);
        choice = BudgetLadder.apply(choice, context.holders());
        choice = LoadDowngrade.apply(choice, policy, context.load());
        PromptRequest request = classified.getRequest();
        long inputTokens = classified.getClassification().getEstimatedInputTokens();
        CacheAffinity.Pick pick = CacheAffinity.apply(choice, policy.chainOf(choice.tier()), policy, costs, inputTokens,
                outputTokens(request, policy), context.prefix(), context.warmUntil(), context.now());
        RoutingDecision.Builder decision = decision(choice, pick.chain(), pick.estimateMicros(), policy, context.now())
                .setReason(pick.reason())
                .setReasonDetail(pick.detail())
                .setCacheKey(context.prefix().map(PromptPrefix::key).orElse(null));
        // A budget or load downgrade caps selection at the tier it moved to; otherwise only the budget cap applies.
        boolean downgraded = choice.reason() == RouteReason.BUDGET_DOWNGRADE || choice.reason() == RouteReason.LOAD_DOWNGRADE;
        Tier cap = downgraded ? choice.tier() : choice.maxTier();
        if ((policy.selection() != null || policy.speculation() != null) && pick.reason() != RouteReason.CACHE_AFFINITY) {
            costAware().apply(decision, classified, category(classified), policy, outputTokens(request, policy), choice.floor(), cap);
        }
        // A warm prompt cache already made the cheapest choice; a second opinion would only move away from it.
        if (policy.secondOpinion() != null && pick.reason() != RouteReason.CACHE_AFFINITY) {
            SecondOpinionRouting.apply(decision, classified.getClassification().getScore(), policy, costs, (int) inputTokens,
                    outputTokens(request, policy), choice.floor(), cap);
        }
        return decision.build();
    }

    private static TaskCategory category(ClassifiedRequest classified) {
        PromptRequest request = classified.getRequest();
        return request.getHints() != null && request.getHints().getTaskType() != null
                ? request.getHints().getTaskType()
                : classified.getClassification().getCategory();
    }

    /**
     * Applies more budgets to a decision already made (the tenant's, checked where tenants are
     * partitioned): the same ladder, and a chain rebuilt from the capped tier when the decision's
     * models are above the cap.
     */
    RoutingDecision recap(DispatchRecord dispatch, RoutingPolicy policy, List<HolderUsage> holders, Instant now) {
        RoutingDecision decided = dispatch.getDecision();
        Tier floor = dispatch.getRequest().getHints() == null || dispatch.getRequest().getHints().getMinTier() == null
                ? Tier.UNSPECIFIED : dispatch.getRequest().getHints().getMinTier();
        Choice before = new Choice(decided.getTier(), decided.getReason(), decided.getReasonDetail(), decided.getMaxTier(), floor);
        Choice after = BudgetLadder.apply(before, holders);
        if (after.equals(before)) {
            return decided;
        }
        List<ModelRef> chain = chainOf(decided);
        if (chain.stream().allMatch(model -> within(model, after.maxTier(), policy)) && after.tier() == before.tier()) {
            return RoutingDecision.newBuilder(decided).setMaxTier(after.maxTier()).build();
        }
        List<ModelRef> capped = policy.chainOf(after.tier());
        long estimate = costs.estimateMicros(capped.getFirst(), dispatch.getClassification().getEstimatedInputTokens(),
                outputTokens(dispatch.getRequest(), policy));
        // What earlier gates reserved stays reserved at the estimate they reserved, and is released by it.
        return decision(after, capped, estimate, policy, now).setReason(after.reason()).setReasonDetail(after.detail())
                .setCacheKey(decided.getCacheKey()).setReservations(decided.getReservations()).build();
    }

    private static RoutingDecision.Builder decision(Choice choice, List<ModelRef> chain, long estimate, RoutingPolicy policy,
                                                    Instant now) {
        return RoutingDecision.newBuilder()
                .setPrimary(chain.getFirst())
                .setFallbacks(chain.subList(1, chain.size()))
                .setTier(choice.tier())
                .setMaxTier(choice.maxTier())
                .setEstimatedCostMicros(estimate)
                .setPolicyVersion(policy.version())
                .setDecidedAt(now);
    }

    private static int outputTokens(PromptRequest request, RoutingPolicy policy) {
        return request.getMaxOutputTokens() == null ? policy.defaultOutputTokens() : request.getMaxOutputTokens();
    }

    private static List<ModelRef> chainOf(RoutingDecision decision) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(decision.getPrimary()), decision.getFallbacks().stream()).toList();
    }

    private static boolean within(ModelRef model, Tier cap, RoutingPolicy policy) {
        return cap == Tier.UNSPECIFIED || policy.tierOf(model).map(tier -> tier.ordinal() <= cap.ordinal()).orElse(false);
    }
}
