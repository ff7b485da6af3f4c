package dev.llmrouter.route;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmrouter.route.Budget.Period;
import dev.llmrouter.schema.Tier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The {@code budgets:} section of a policy file: as written, and validated into {@link BudgetRules}. */
final class BudgetSection {

    static final BigDecimal DEFAULT_LIMIT_USD = new BigDecimal("10.00");

    private BudgetSection() {
    }

    record BudgetsFile(@JsonProperty("default") BudgetFile defaultBudget, Map<String, BudgetFile> users, BudgetFile session,
                       @JsonProperty("tenant-default") BudgetFile tenantDefault, Map<String, BudgetFile> tenants) {
    }

    record BudgetFile(String period, @JsonProperty("limit-usd") BigDecimal limitUsd, List<StepFile> downgrade) {
    }

    record StepFile(Double at, String tier) {
    }

    static BudgetRules read(BudgetsFile file, PolicyErrors errors, Set<Tier> configured) {
        BudgetsFile budgets = file == null ? new BudgetsFile(null, null, null, null, null) : file;
        Budget userDefault = budgets.defaultBudget() == null
                ? Budget.ofUsd(Period.DAY, DEFAULT_LIMIT_USD)
                : budget(budgets.defaultBudget(), "budgets.default", errors, configured);
        return new BudgetRules(userDefault, named(budgets.users(), "budgets.users.", errors, configured),
                budgets.session() == null ? null : budget(budgets.session(), "budgets.session", errors, configured),
                budgets.tenantDefault() == null ? null : budget(budgets.tenantDefault(), "budgets.tenant-default", errors, configured),
                named(budgets.tenants(), "budgets.tenants.", errors, configured));
    }

    private static Map<String, Budget> named(Map<String, BudgetFile> files, String prefix, PolicyErrors errors, Set<Tier> configured) {
        Map<String, Budget> budgets = new LinkedHashMap<>();
        if (files != null) {
            files.forEach((holder, budget) -> {
                if (budget == null) {
                    throw errors.error(prefix + holder, "is empty", "{period: day|month, limit-usd: amount, downgrade: [...]}");
                }
                budgets.put(holder, budget(budget, prefix + holder, errors, configured));
            });
        }
        return budgets;
    }

    private static Budget budget(BudgetFile budget, String path, PolicyErrors errors, Set<Tier> configured) {
        String periodName = budget.period() == null ? "day" : budget.period();
        Period period;
        try {
            period = Period.valueOf(periodName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw errors.error(path + ".period", "is '" + periodName + "'", "day or month");
        }
        if (budget.limitUsd() == null || budget.limitUsd().signum() < 0 || budget.limitUsd().scale() > 6) {
            throw errors.error(path + ".limit-usd", "is " + budget.limitUsd(), "a non-negative amount of US dollars, at most 6 decimals");
        }
        return Budget.ofUsd(period, budget.limitUsd(), ladder(budget.downgrade(), path + ".downgrade", errors, configured));
    }

    /** Steps must rise in share and fall in tier, or a later step would never apply or would upgrade. */
    private static List<Budget.Step> ladder(List<StepFile> steps, String path, PolicyErrors errors, Set<Tier> configured) {
        List<Budget.Step> ladder = new ArrayList<>();
        if (steps == null) {
            return ladder;
        }
        for (int i = 0; i < steps.size(); i++) {
            String at = path + "[" + i + "]";
            StepFile step = steps.get(i);
            if (step == null || step.at() == null || !(step.at() > 0 && step.at() < 1)) {
                throw errors.error(at + ".at", "is " + (step == null ? null : step.at()),
                        "a share of the limit above 0 and below 1, e.g. 0.8");
            }
            Tier tier = errors.configuredTier(step.tier(), at + ".tier", configured);
            if (!ladder.isEmpty()) {
                Budget.Step previous = ladder.getLast();
                if (step.at() <= previous.at()) {
                    throw errors.error(at + ".at", "is " + step.at() + ", not above the previous step's " + previous.at(),
                            "steps in ascending order of at");
                }
                if (tier.ordinal() >= previous.tier().ordinal()) {
                    throw errors.error(at + ".tier", "is " + PolicyErrors.lower(tier) + ", not cheaper than the previous step's "
                            + PolicyErrors.lower(previous.tier()), "each step a cheaper tier than the one before");
                }
            }
            ladder.add(new Budget.Step(step.at(), tier));
        }
        return ladder;
    }
}
