package dev.llmrouter.route;

import dev.llmrouter.quality.SelectionSettings;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.speculate.SpeculationSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated routing policy: which models make up each tier (first is the primary, the rest its
 * ordered fallbacks), which tier each kind of prompt goes to, and the budget limits. Built by
 * {@link PolicyLoader} from YAML; immutable.
 *
 * @param version         recorded in every decision, response and cost event it produced
 * @param tiers           the ordered model chain of each tier
 * @param routes          checked in order; the first rule that matches picks the tier
 * @param defaultTier     tier for prompts no rule matches
 * @param defaultOutputTokens output tokens assumed for cost estimates when a request sets no maximum
 * @param defaultBudget   the budget of users without a rule of their own
 * @param userBudgets     budgets of named users
 * @param selection       cost-aware choice among many models by expected quality; null to route by tier rules alone
 * @param speculation     try a cheap model first and escalate on a weak answer; null for no speculation
 */
public record RoutingPolicy(String version, Map<Tier, List<ModelRef>> tiers, List<Route> routes, Tier defaultTier,
                           int defaultOutputTokens, Budget defaultBudget, Map<String, Budget> userBudgets,
                           SelectionSettings selection, SpeculationSettings speculation) {

    /** A policy without selection or speculation. */
    public RoutingPolicy(String version, Map<Tier, List<ModelRef>> tiers, List<Route> routes, Tier defaultTier,
                         int defaultOutputTokens, Budget defaultBudget, Map<String, Budget> userBudgets) {
        this(version, tiers, routes, defaultTier, defaultOutputTokens, defaultBudget, userBudgets, null, null);
    }

    /** The same policy with other selection and speculation sections. */
    public RoutingPolicy with(SelectionSettings newSelection, SpeculationSettings newSpeculation) {
        return new RoutingPolicy(version, tiers, routes, defaultTier, defaultOutputTokens, defaultBudget, userBudgets, newSelection,
                newSpeculation);
    }

    /** A rule: prompts whose classification matches go to {@code tier}. An empty set matches anything. */
    public record Route(Set<TaskCategory> categories, Set<Complexity> complexities, Tier tier) {

        public boolean matches(TaskCategory category, Complexity complexity) {
            return (categories.isEmpty() || categories.contains(category))
                    && (complexities.isEmpty() || complexities.contains(complexity));
        }
    }

    /** A spending limit over a period, in exact micro-dollars. */
    public record Budget(Period period, long limitMicros) {

        public static Budget ofUsd(Period period, BigDecimal usd) {
            return new Budget(period, usd.movePointRight(6).longValueExact());
        }
    }

    /** Budget periods, aligned to UTC calendar boundaries. */
    public enum Period {
        DAY(Duration.ofDays(1)), MONTH(Duration.ofDays(31));

        private final Duration nominal;

        Period(Duration nominal) {
            this.nominal = nominal;
        }

        public Duration nominal() {
            return nominal;
        }
    }

    /** The budget that applies to {@code userId}. */
    public Budget budgetOf(String userId) {
        return userBudgets.getOrDefault(userId, defaultBudget);
    }

    /** The model chain of {@code tier}, or of the nearest configured tier above, then below it. */
    public List<ModelRef> chainOf(Tier tier) {
        List<ModelRef> chain = tiers.get(tier);
        if (chain != null && !chain.isEmpty()) {
            return chain;
        }
        for (Tier candidate : Tier.values()) {
            if (candidate.ordinal() > tier.ordinal() && tiers.containsKey(candidate)) {
                return tiers.get(candidate);
            }
        }
        for (int i = tier.ordinal() - 1; i >= 0; i--) {
            List<ModelRef> lower = tiers.get(Tier.values()[i]);
            if (lower != null && !lower.isEmpty()) {
                return lower;
            }
        }
        throw new IllegalStateException("policy " + version + " has no models");
    }
}
