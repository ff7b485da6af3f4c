package dev.llmrouter.route;

import dev.llmrouter.outcome.Responses;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Reservation;
import dev.llmrouter.schema.RoutingDecision;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The hard limit, where a decision meets the budgets of a task: a request whose estimate would take
 * any of its holders past the limit is refused with the figures; otherwise its estimate is reserved
 * with every holder, the decision lists those reservations (its response releases them), and it passes on.
 */
final class BudgetGate {

    private BudgetGate() {
    }

    /**
     * @param passed what a request that passes becomes: dispatched, or on to the next gate
     */
    static RouteStage.Outcome admit(RouteServices shared, BudgetBook budgets, List<BudgetBook.Entry> entries, PromptRequest request,
                                    Classification classification, RoutingDecision decision, Instant now,
                                    Function<DispatchRecord, RouteStage.Outcome> passed) {
        Optional<BudgetBook.Entry> over = entries.stream()
                .filter(entry -> entry.usage().wouldExceed(decision.getEstimatedCostMicros())).findFirst();
        if (over.isPresent()) {
            shared.metrics().refused(decision, PolicyErrors.lower(over.get().holder()) + "_budget");
            return new RouteStage.Outcome.Refused(Responses.refused(request, classification, decision,
                    reason(over.get().usage(), decision), now));
        }
        List<Reservation> reserved = budgets.reserve(entries, decision.getEstimatedCostMicros(), now);
        if (!reserved.isEmpty()) {
            List<Reservation> all = new ArrayList<>(decision.getReservations());
            all.addAll(reserved);
            decision.setReservations(all);
        }
        return passed.apply(new DispatchRecord(request, classification, decision));
    }

    private static String reason(HolderUsage usage, RoutingDecision decision) {
        return String.format(Locale.ROOT, "budget exhausted: %s spent %s + reserved %s + estimate %s exceeds the %s limit %s USD",
                usage.holder(), usd(usage.spentMicros()), usd(usage.reservedMicros()), usd(decision.getEstimatedCostMicros()),
                PolicyErrors.lower(usage.budget().period()), usd(usage.budget().limitMicros()));
    }

    private static String usd(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }
}
