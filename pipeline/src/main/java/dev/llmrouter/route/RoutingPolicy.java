package dev.llmrouter.route;

import dev.llmrouter.opinion.SecondOpinionSettings;
import dev.llmrouter.quality.SelectionSettings;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.speculate.SpeculationSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated routing policy: which models make up each tier (first is the primary, the rest its
 * ordered fallbacks), which tier each kind of prompt goes to, the budget limits, and the cache and
 * load rules. Built by {@link PolicyLoader} from YAML; immutable.
 *
 * @param version         recorded in every decision, response and cost event it produced
 * @param tiers           the ordered model chain of each tier
 * @param routes          checked in order; the first rule that matches picks the tier
 * @param defaultTier     tier for prompts no rule matches
 * @param defaultOutputTokens output tokens assumed for cost estimates when a request sets no maximum
 * @param budgets         limits per user, session and tenant, with their downgrade ladders
 * @param cache           when and how long a provider's prompt cache is taken to be warm
 * @param load            when a request spike moves routing one tier cheaper
 * @param selection       cost-aware choice among many models by expected quality; null to route by tier rules alone
 * @param speculation     try a cheap model first and escalate on a weak answer; null for no speculation
 * @param secondOpinion   ask a cheap model whether an uncertain prompt is easy or hard; null (or disabled) for none
 */
public record RoutingPolicy(String version, Map<Tier, List<ModelRef>> tiers, List<Route> routes, Tier defaultTier,
                           int defaultOutputTokens, BudgetRules budgets, CacheRules cache, LoadRules load,
                           SelectionSettings selection, SpeculationSettings speculation, SecondOpinionSettings secondOpinion) {

    /** A policy without a second opinion. */
    public RoutingPolicy(String version, Map<Tier, List<ModelRef>> tiers, List<Route> routes, Tier defaultTier,
                         int defaultOutputTokens, BudgetRules budgets, CacheRules cache, LoadRules load,
                         SelectionSettings selection, SpeculationSettings speculation) {
        this(version, tiers, routes, defaultTier, defaultOutputTokens, budgets, cache, load, selection, speculation, null);
    }

    /** A policy without selection, speculation or second opinion. */
    public RoutingPolicy(String version, Map<Tier, List<ModelRef>> tiers, List<Route> routes, Tier defaultTier,
                         int defaultOutputTokens, BudgetRules budgets, CacheRules cache, LoadRules load) {
        this(version, tiers, routes, defaultTier, defaultOutputTokens, budgets, cache, load, null, null, null);
    }

    /** The same policy with other selection and speculation sections. */
    public RoutingPolicy with(SelectionSettings newSelection, SpeculationSettings newSpeculation) {
        return new RoutingPolicy(version, tiers, routes, defaultTier, defaultOutputTokens, budgets, cache, load, newSelection,
                newSpeculation, secondOpinion);
    }

    /** The same policy with another second-opinion section. */
    public RoutingPolicy withSecondOpinion(SecondOpinionSettings newSecondOpinion) {
        return new RoutingPolicy(version, tiers, routes, defaultTier, defaultOutputTokens, budgets, cache, load, selection, speculation,
                newSecondOpinion);
    }

    /** A rule: prompts whose classification matches go to {@code tier}. An empty set matches anything. */
    public record Route(Set<TaskCategory> categories, Set<Complexity> complexities, Tier tier) {

        public boolean matches(TaskCategory category, Complexity complexity) {
            return (categories.isEmpty() || categories.contains(category))
                    && (complexities.isEmpty() || complexities.contains(complexity));
        }
    }

    /** The budget that applies to {@code userId}. */
    public Budget budgetOf(String userId) {
        return budgets.user(userId);
    }

    /** The model chain of {@code tier}, or of the nearest configured tier above, then below it. */
    public List<ModelRef> chainOf(Tier tier) {
        return tiers.get(configuredTier(tier));
    }

    /** {@code tier} if it has models, else the nearest configured tier above it, else below it. */
    public Tier configuredTier(Tier tier) {
        List<ModelRef> chain = tiers.get(tier);
        if (chain != null && !chain.isEmpty()) {
            return tier;
        }
        for (Tier candidate : Tier.values()) {
            if (candidate.ordinal() > tier.ordinal() && tiers.containsKey(candidate)) {
                return candidate;
            }
        }
        for (int i = tier.ordinal() - 1; i >= 0; i--) {
            List<ModelRef> lower = tiers.get(Tier.values()[i]);
            if (lower != null && !lower.isEmpty()) {
                return Tier.values()[i];
            }
        }
        throw new IllegalStateException("policy " + version + " has no models");
    }

    /** The next configured tier below {@code tier}, if there is one. */
    public Optional<Tier> cheaperTier(Tier tier) {
        for (int i = tier.ordinal() - 1; i > Tier.UNSPECIFIED.ordinal(); i--) {
            if (tiers.containsKey(Tier.values()[i])) {
                return Optional.of(Tier.values()[i]);
            }
        }
        return Optional.empty();
    }

    /** The lowest tier whose chain lists {@code model}, if any. */
    public Optional<Tier> tierOf(ModelRef model) {
        for (Tier tier : Tier.values()) {
            List<ModelRef> chain = tiers.get(tier);
            if (chain != null && chain.contains(model)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
