package dev.llmrouter.route;

import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import java.util.List;

/** The first routing step: the tier the policy's routes (or its default) and the request's hints ask for. */
final class TierSelection {

    private TierSelection() {
    }

    static Choice select(ClassifiedRequest classified, RoutingPolicy policy) {
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
                detail = "routes[" + i + "] matched " + PolicyErrors.lower(category) + "/" + PolicyErrors.lower(classification.getComplexity());
                break;
            }
        }
        Tier minimum = request.getHints() == null || request.getHints().getMinTier() == null
                ? Tier.UNSPECIFIED : request.getHints().getMinTier();
        if (minimum != Tier.UNSPECIFIED && minimum.ordinal() > tier.ordinal()) {
            tier = minimum;
            reason = RouteReason.HINT;
            detail = "request asked for at least " + PolicyErrors.lower(minimum);
        }
        return new Choice(policy.configuredTier(tier), reason, detail, Tier.UNSPECIFIED, minimum);
    }
}
