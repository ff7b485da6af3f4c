package dev.llmrouter.route;

import dev.llmrouter.quality.CostAwareRouting;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Picks the tier and model chain for a classified request under a policy. Pure apart from the quality
 * estimates a selecting policy reads, which learn from feedback; no I/O once the bundled estimates are loaded.
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

    public RoutingDecision decide(ClassifiedRequest classified, RoutingPolicy policy, Instant now) {
        PromptRequest request = classified.getRequest();
        Classification classification = classified.getClassification();
        TaskCategory category = request.getHints() != null && request.getHints().getTaskType() != null
                ? request.getHints().getTaskType()
                : classification.getCategory();

        Tier tier = policy.defaultTier();
        RouteReason reason = RouteReason.DEFAULT_ROUTE;
        String detail = "no route matched; default tier";
        List<RoutingPolicy.Route> routes = policy.routes();
        for (int i = 0; i < routes.size(); i++) {
            if (routes.get(i).matches(category, classification.getComplexity())) {
                tier = routes.get(i).tier();
                reason = RouteReason.POLICY;
                detail = "routes[" + i + "] matched " + lower(category) + "/" + lower(classification.getComplexity());
                break;
            }
        }
        Tier minimum = request.getHints() == null ? null : request.getHints().getMinTier();
        if (minimum != null && minimum != Tier.UNSPECIFIED && minimum.ordinal() > tier.ordinal()) {
            tier = minimum;
            reason = RouteReason.HINT;
            detail = "request asked for at least " + lower(minimum);
        }
        List<ModelRef> chain = policy.chainOf(tier);
        int outputTokens = request.getMaxOutputTokens() == null ? policy.defaultOutputTokens() : request.getMaxOutputTokens();
        long estimate = costs.estimateMicros(chain.getFirst(), classification.getEstimatedInputTokens(), outputTokens);
        RoutingDecision.Builder decision = RoutingDecision.newBuilder()
                .setPrimary(chain.getFirst())
                .setFallbacks(chain.subList(1, chain.size()))
                .setTier(tier)
                .setEstimatedCostMicros(estimate)
                .setReason(reason)
                .setReasonDetail(detail)
                .setPolicyVersion(policy.version())
                .setDecidedAt(now);
        if (policy.selection() != null || policy.speculation() != null) {
            costAware().apply(decision, classified, category, policy, outputTokens, minimum);
        }
        return decision.build();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
