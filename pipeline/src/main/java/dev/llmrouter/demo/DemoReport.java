package dev.llmrouter.demo;

import dev.llmrouter.analytics.PremiumBaseline;
import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.DeadLetter;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prints what the demo saw: each response as it arrives, then spend by model and the saving. */
final class DemoReport {

    /** Decisions whose reason the demo explains under the response: the ones budgets, caches or load made. */
    private static final Set<RouteReason> SHOWN_REASONS = EnumSet.of(RouteReason.BUDGET_DOWNGRADE, RouteReason.CACHE_AFFINITY,
            RouteReason.LOAD_DOWNGRADE);

    private final PrintStream out;
    private final PriceCatalog catalog;
    private final PremiumBaseline baseline;

    DemoReport(PrintStream out, PriceCatalog catalog, PremiumBaseline baseline) {
        this.out = out;
        this.catalog = catalog;
        this.baseline = baseline;
    }

    void response(LlmResponse response) {
        String tags = response.getClassification() == null ? "-"
                : lower(response.getClassification().getComplexity()) + "/" + lower(response.getClassification().getCategory());
        String tier = response.getDecision() == null ? "-" : lower(response.getDecision().getTier());
        String model = response.getProvider() == null ? "-" : response.getProvider() + "/" + response.getModel();
        String detail = response.getStatus() == ResponseStatus.OK ? preview(response.getContent()) : response.getError();
        String failover = response.getAttempts().size() > 1 ? " (attempt " + response.getAttempts().size() + ")" : "";
        out.printf(Locale.ROOT, "  %-7s %-8s %-22s %-9s %-42s %10s %6d ms  %s%n", response.getUserId(), response.getStatus(), tags,
                tier, model + failover, usd(response.getCostMicros()), response.getLatencyMs(), detail);
        RoutingDecision decision = response.getDecision();
        if (decision != null && SHOWN_REASONS.contains(decision.getReason())) {
            out.printf(Locale.ROOT, "  %-7s   -> %s: %s%n", "", lower(decision.getReason()).replace('_', ' '), decision.getReasonDetail());
        }
    }

    void summary(Collection<LlmResponse> responses, Collection<CostEvent> costs, Collection<DeadLetter> deadLetters) {
        ModelRef premium = baseline.premiumModel();
        Map<ResponseStatus, Long> byStatus = responses.stream()
                .collect(Collectors.groupingBy(LlmResponse::getStatus, TreeMap::new, Collectors.counting()));
        out.println();
        out.println("Responses by status: " + byStatus);
        out.println();
        out.println("Spend by model (from llm-cost-events, price catalog " + catalog.version() + "):");
        out.printf(Locale.ROOT, "  %-36s %8s %12s %12s %12s%n", "provider/model", "calls", "input tok", "output tok", "cost USD");
        Map<String, List<CostEvent>> byModel = new TreeMap<>();
        costs.forEach(e -> byModel.computeIfAbsent(e.getProvider() + "/" + e.getModel(), k -> new ArrayList<>()).add(e));
        long total = 0;
        long premiumTotal = 0;
        for (Map.Entry<String, List<CostEvent>> entry : byModel.entrySet()) {
            long calls = entry.getValue().size();
            long input = 0;
            long output = 0;
            long cost = 0;
            for (CostEvent e : entry.getValue()) {
                input += e.getInputTokens();
                output += e.getOutputTokens();
                cost += e.getCostMicros();
                premiumTotal += baseline.premiumCostMicros(e);
            }
            total += cost;
            out.printf(Locale.ROOT, "  %-36s %8d %12d %12d %12s%n", entry.getKey(), calls, input, output, usd(cost));
        }
        out.printf(Locale.ROOT, "  %-36s %8d %12s %12s %12s%n", "total", costs.size(), "", "", usd(total));
        if (premiumTotal > 0) {
            out.printf(Locale.ROOT, "%nThe same calls on %s/%s alone, at the same token counts: %s USD; routing saved %.1f%%.%n",
                    premium.getProvider(), premium.getModel(), usd(premiumTotal), 100.0 * (premiumTotal - total) / premiumTotal);
        }
        out.println();
        out.println("Dead letters on llm-requests-dlq: " + deadLetters.size());
        deadLetters.forEach(letter -> out.printf(Locale.ROOT, "  %s@%d %s: %s%n", letter.getSourceTopic(), letter.getOffset(),
                letter.getReason(), letter.getError()));
    }

    static String usd(long micros) {
        return BigDecimal.valueOf(micros, 6).toPlainString();
    }

    private static String preview(String content) {
        if (content == null) {
            return "";
        }
        String oneLine = content.replaceAll("\\s+", " ").trim();
        return "\"" + (oneLine.length() > 48 ? oneLine.substring(0, 47) + "…" : oneLine) + "\"";
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
