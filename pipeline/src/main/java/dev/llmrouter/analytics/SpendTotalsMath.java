package dev.llmrouter.analytics;

import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.SpendTotals;
import java.time.Instant;

/** Adding cost events into {@link SpendTotals}, and totals into each other. */
final class SpendTotalsMath {

    private SpendTotalsMath() {
    }

    static SpendTotals empty() {
        return SpendTotals.newBuilder().setUpdatedAt(Instant.EPOCH).build();
    }

    static SpendTotals add(SpendTotals sum, CostEvent event, long premiumCostMicros) {
        return SpendTotals.newBuilder()
                .setCalls(sum.getCalls() + 1)
                .setInputTokens(sum.getInputTokens() + event.getInputTokens())
                .setOutputTokens(sum.getOutputTokens() + event.getOutputTokens())
                .setCachedInputTokens(sum.getCachedInputTokens() + event.getCachedInputTokens())
                .setCostMicros(sum.getCostMicros() + event.getCostMicros())
                .setPremiumCostMicros(sum.getPremiumCostMicros() + premiumCostMicros)
                .setUpdatedAt(event.getOccurredAt().isAfter(sum.getUpdatedAt()) ? event.getOccurredAt() : sum.getUpdatedAt())
                .build();
    }

    static SpendTotals merge(SpendTotals a, SpendTotals b) {
        return SpendTotals.newBuilder()
                .setCalls(a.getCalls() + b.getCalls())
                .setInputTokens(a.getInputTokens() + b.getInputTokens())
                .setOutputTokens(a.getOutputTokens() + b.getOutputTokens())
                .setCachedInputTokens(a.getCachedInputTokens() + b.getCachedInputTokens())
                .setCostMicros(a.getCostMicros() + b.getCostMicros())
                .setPremiumCostMicros(a.getPremiumCostMicros() + b.getPremiumCostMicros())
                .setUpdatedAt(a.getUpdatedAt().isAfter(b.getUpdatedAt()) ? a.getUpdatedAt() : b.getUpdatedAt())
                .build();
    }
}
