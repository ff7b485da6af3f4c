package dev.llmrouter.quality;

import dev.llmrouter.classify.TopicModel;
import dev.llmrouter.route.CostEstimator;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.SpeculationPlan;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.speculate.SpeculationSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The route stage's step for the policy's {@code selection:} and {@code speculation:} sections, applied
 * to the decision the tier rules made: selection replaces the tier's chain with the model of best
 * expected quality for its cost ({@link ModelSelector}); speculation adds a plan to try the cheap model
 * first. A policy with neither leaves the decision as it is.
 */
public final class CostAwareRouting {

    private final ModelSelector selector;
    private final CostEstimator costs;

    public CostAwareRouting(ModelSelector selector, CostEstimator costs) {
        this.selector = selector;
        this.costs = costs;
    }

    /** Estimates start from the outcomes recorded in the bundled classifier model. */
    public static CostAwareRouting bundled(CostEstimator costs) {
        return new CostAwareRouting(new ModelSelector(new QualityTable(TopicModel.bundled().file())), costs);
    }

    public ModelSelector selector() {
        return selector;
    }

    /**
     * @param decision     the tier rules' decision, changed in place
     * @param category     the request's category (its hint, else the classifier's)
     * @param outputTokens output tokens assumed for the cost estimates
     * @param minimum      the lowest tier the request allows (its hint), or null; selection then considers only
     *                     models of that tier or above, and keeps the tier's chain when there are none
     * @param maximum      the highest tier a budget or load downgrade allows, or null / UNSPECIFIED for no cap;
     *                     no selected or escalation model is above it
     */
    public void apply(RoutingDecision.Builder decision, ClassifiedRequest classified, TaskCategory category, RoutingPolicy policy,
                      int outputTokens, Tier minimum, Tier maximum) {
        int inputTokens = classified.getClassification().getEstimatedInputTokens();
        List<ModelSelector.Candidate> candidates = policy.selection() == null ? List.of() : policy.selection().candidates().stream()
                .filter(c -> atLeast(policy, c.model(), minimum) && atMost(policy, c.model(), maximum))
                .toList();
        if (!candidates.isEmpty()) {
            Map<String, Double> topics = classified.getClassification().getTopics();
            ModelSelector.Choice choice = selector.select(candidates, topics,
                    model -> costs.estimateMicros(model, inputTokens, outputTokens), policy.selection().minGainPerUsd());
            decision.setPrimary(choice.primary())
                    .setFallbacks(choice.fallbacks())
                    .setTier(tierOf(policy, choice.primary(), decision.getTier()))
                    .setReasonDetail(choice.detail());
        }
        SpeculationSettings speculation = policy.speculation();
        boolean cheapAllowed = speculation != null && atLeast(policy, speculation.cheap(), minimum)
                && atMost(policy, speculation.cheap(), maximum);
        if (cheapAllowed && speculation.appliesTo(category)) {
            if (speculation.escalateTo() != null && !speculation.escalateTo().equals(decision.getPrimary())
                    && atMost(policy, speculation.escalateTo(), maximum)) {
                List<ModelRef> fallbacks = new ArrayList<>();
                fallbacks.add(decision.getPrimary());
                fallbacks.addAll(decision.getFallbacks());
                fallbacks.remove(speculation.escalateTo());
                decision.setPrimary(speculation.escalateTo()).setFallbacks(fallbacks);
            }
            long cheapCost = costs.estimateMicros(speculation.cheap(), inputTokens, outputTokens);
            long primaryCost = costs.estimateMicros(decision.getPrimary(), inputTokens, outputTokens);
            if (!speculation.cheap().equals(decision.getPrimary()) && cheapCost < primaryCost) {
                decision.setSpeculation(SpeculationPlan.newBuilder()
                        .setCheap(speculation.cheap())
                        .setLatencyBudgetMs(speculation.latencyBudget().toMillis())
                        .setAcceptScore(speculation.acceptScore())
                        .setScorer(speculation.scorer())
                        .setJudge(speculation.judge())
                        .build());
                decision.setReasonDetail(decision.getReasonDetail() + "; speculative: " + speculation.cheap().getProvider() + "/"
                        + speculation.cheap().getModel() + " first");
            }
        }
        long estimate = costs.estimateMicros(decision.getPrimary(), inputTokens, outputTokens);
        // The reservation covers the worst case: the speculative attempt and the escalation.
        if (decision.getSpeculation() != null) {
            estimate += costs.estimateMicros(decision.getSpeculation().getCheap(), inputTokens, outputTokens);
        }
        decision.setEstimatedCostMicros(estimate);
    }

    private static boolean atLeast(RoutingPolicy policy, ModelRef model, Tier minimum) {
        return minimum == null || minimum == Tier.UNSPECIFIED || tierOf(policy, model, Tier.UNSPECIFIED).ordinal() >= minimum.ordinal();
    }

    /** A model in no tier counts as unbounded, so a cap excludes it. */
    private static boolean atMost(RoutingPolicy policy, ModelRef model, Tier maximum) {
        return maximum == null || maximum == Tier.UNSPECIFIED
                || tierOf(policy, model, Tier.values()[Tier.values().length - 1]).ordinal() <= maximum.ordinal();
    }

    private static Tier tierOf(RoutingPolicy policy, ModelRef model, Tier otherwise) {
        for (Map.Entry<Tier, List<ModelRef>> tier : policy.tiers().entrySet()) {
            if (tier.getValue().contains(model)) {
                return tier.getKey();
            }
        }
        return otherwise;
    }
}
