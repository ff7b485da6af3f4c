package dev.llmrouter.route;

import dev.llmrouter.outcome.Responses;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RoutingDecision;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The hard limit: a request whose estimate would take any of its holders past its limit is refused. */
final class Refusals {

    private Refusals() {
    }

    /** The first holder the estimate would take past its limit, if any. */
    static Optional<BudgetBook.Entry> overLimit(List<BudgetBook.Entry> entries, long estimateMicros) {
        return entries.stream().filter(entry -> entry.usage().wouldExceed(estimateMicros)).findFirst();
    }

    static LlmResponse refusal(PromptRequest request, Classification classification, RoutingDecision decision,
                               BudgetBook.Entry over, Instant now) {
        HolderUsage usage = over.usage();
        String why = String.format(Locale.ROOT, "budget exhausted: %s spent %s + reserved %s + estimate %s exceeds the %s limit %s USD",
                usage.holder(), usd(usage.spentMicros()), usd(usage.reservedMicros()), usd(decision.getEstimatedCostMicros()),
                PolicyErrors.lower(usage.budget().period()), usd(usage.budget().limitMicros()));
        return Responses.refused(request, classification, decision, why, now);
    }

    private static String usd(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }
}
