package dev.llmrouter.opinion;

import dev.llmrouter.route.CostEstimator;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.SecondOpinionPlan;
import dev.llmrouter.schema.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The route stage's step for the policy's {@code second-opinion:} section. The classify stage cannot wait
 * for an LLM, so an uncertain decision (classifier score in the configured band) only gets a
 * {@link SecondOpinionPlan}; the worker asks the rater. The plan's chains are one tier either side of the
 * decided one: EASY takes the speculation's cheap model when the decision speculates, else the next
 * cheaper tier (never below the request's minTier); HARD takes the next dearer tier, never above the
 * budget's cap. A side with no such tier keeps the decided chain, and a decision neither answer could
 * change gets no plan. The reservation grows by the rating call and by what the dearer chain may add.
 */
public final class SecondOpinionRouting {

    /** What the rating prompt adds to the user's message, in tokens: the instructions. */
    private static final int INSTRUCTION_TOKENS = RatingPrompt.INSTRUCTIONS.length() / 4;

    private SecondOpinionRouting() {
    }

    /**
     * @param decision the decision so far, changed in place
     * @param score    the classifier's score: the probability that a cheaper tier answers as well
     * @param minimum  the lowest tier the request allows (its hint), or UNSPECIFIED
     * @param maximum  the highest tier a budget or load downgrade allows, or UNSPECIFIED for no cap
     */
    public static void apply(RoutingDecision.Builder decision, double score, RoutingPolicy policy, CostEstimator costs, int inputTokens,
                             int outputTokens, Tier minimum, Tier maximum) {
        SecondOpinionSettings settings = policy.secondOpinion();
        if (settings == null || !settings.uncertain(score) || !within(policy, settings.rater(), maximum)) {
            return;
        }
        Tier decided = decision.getTier();
        List<ModelRef> easy = new ArrayList<>();
        if (decision.getSpeculation() != null) {
            easy.add(decision.getSpeculation().getCheap());
            easy.add(decision.getPrimary());
            easy.addAll(decision.getFallbacks());
        } else {
            policy.cheaperTier(decided)
                    .filter(tier -> minimum == null || tier.ordinal() >= minimum.ordinal())
                    .ifPresent(tier -> easy.addAll(policy.chainOf(tier)));
        }
        List<ModelRef> hard = dearerTier(policy, decided)
                .filter(tier -> maximum == null || maximum == Tier.UNSPECIFIED || tier.ordinal() <= maximum.ordinal())
                .map(policy::chainOf)
                .orElse(List.of());
        if (easy.isEmpty() && hard.isEmpty()) {
            return;
        }
        decision.setSecondOpinion(SecondOpinionPlan.newBuilder()
                .setRater(settings.rater())
                .setTimeoutMs(settings.timeout().toMillis())
                .setEasy(easy)
                .setHard(hard)
                .setCacheTtlMs(settings.cacheTtl().toMillis())
                .setCacheSize(settings.cacheSize())
                .build());
        long primary = costs.estimateMicros(decision.getPrimary(), inputTokens, outputTokens);
        long dearer = hard.isEmpty() ? primary : costs.estimateMicros(hard.getFirst(), inputTokens, outputTokens);
        long rating = costs.estimateMicros(settings.rater(), Math.min(inputTokens, RatingPrompt.MAX_QUESTION_CHARS / 4) + INSTRUCTION_TOKENS,
                RatingPrompt.MAX_OUTPUT_TOKENS);
        decision.setEstimatedCostMicros(decision.getEstimatedCostMicros() + rating + Math.max(0, dearer - primary));
        decision.setReasonDetail(decision.getReasonDetail() + String.format(Locale.ROOT, "; score %.2f uncertain: second opinion by %s/%s",
                score, settings.rater().getProvider(), settings.rater().getModel()));
    }

    /** A rater outside every tier counts as unbounded, so a cap excludes it. */
    private static boolean within(RoutingPolicy policy, ModelRef model, Tier maximum) {
        return maximum == null || maximum == Tier.UNSPECIFIED
                || policy.tierOf(model).map(tier -> tier.ordinal() <= maximum.ordinal()).orElse(false);
    }

    private static Optional<Tier> dearerTier(RoutingPolicy policy, Tier tier) {
        for (int i = tier.ordinal() + 1; i < Tier.values().length; i++) {
            Tier candidate = Tier.values()[i];
            if (policy.tiers().containsKey(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
