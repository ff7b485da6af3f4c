package dev.llmrouter.analytics;

import dev.llmrouter.schema.AttemptBilling;
import dev.llmrouter.schema.SpendTotals;
import java.time.Instant;

/** Adding billed calls into {@link SpendTotals}, and totals into each other. */
final class SpendTotalsMath {

    private SpendTotalsMath() {
    }

    static SpendTotals empty() {
        return SpendTotals.newBuilder().setUpdatedAt(Instant.EPOCH).build();
    }

    static SpendTotals add(SpendTotals sum, AttemptBilling call, long premiumCostMicros) {
        return SpendTotals.newBuilder()
                .setCalls(sum.getCalls() + 1)
                .setInputTokens(sum.getInputTokens() + call.getUsage().getInputTokens())
                .setOutputTokens(sum.getOutputTokens() + call.getUsage().getOutputTokens())
                .setCachedInputTokens(sum.getCachedInputTokens() + call.getUsage().getCachedInputTokens())
                .setCostMicros(sum.getCostMicros() + call.getCostMicros())
                .setPremiumCostMicros(sum.getPremiumCostMicros() + premiumCostMicros)
                .setUpdatedAt(call.getOccurredAt().isAfter(sum.getUpdatedAt()) ? call.getOccurredAt() : sum.getUpdatedAt())
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
