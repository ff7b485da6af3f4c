package dev.llmrouter.route;

import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.Tier;
import java.util.List;
import java.util.Locale;

/**
 * The budget step: a holder whose committed spend has reached a step of its downgrade ladder caps the
 * request at the step's tier. The cheapest cap among the holders wins, and it also becomes the
 * decision's {@code maxTier}, so no fallback or escalation goes above it.
 */
final class BudgetLadder {

    private BudgetLadder() {
    }

    static Choice apply(Choice choice, List<HolderUsage> holders) {
        Tier cap = null;
        String why = null;
        for (HolderUsage usage : holders) {
            var step = usage.budget().stepAt(usage.committedMicros());
            if (step.isPresent() && (cap == null || step.get().tier().ordinal() < cap.ordinal())) {
                cap = step.get().tier();
                double share = usage.budget().limitMicros() == 0 ? 1 : (double) usage.committedMicros() / usage.budget().limitMicros();
                why = String.format(Locale.ROOT, "%s at %.0f%% of its %s budget (step at %.0f%%): at most %s", usage.holder(),
                        100 * share, PolicyErrors.lower(usage.budget().period()), 100 * step.get().at(), PolicyErrors.lower(cap));
            }
        }
        if (cap == null) {
            return choice;
        }
        Choice capped = choice.withMaxTier(lower(choice.maxTier(), cap));
        return choice.tier().ordinal() > cap.ordinal() ? capped.withTier(cap, RouteReason.BUDGET_DOWNGRADE, why) : capped;
    }

    private static Tier lower(Tier current, Tier cap) {
        return current == Tier.UNSPECIFIED || cap.ordinal() < current.ordinal() ? cap : current;
    }
}
