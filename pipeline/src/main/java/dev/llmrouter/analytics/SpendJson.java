package dev.llmrouter.analytics;

import dev.llmrouter.schema.SpendTotals;
import java.time.Instant;

/**
 * One key's spend in one window as the HTTP API shows it. Money is given exactly in micro-dollars and,
 * for people, as decimal USD; {@code savingsUsd} is the premium baseline minus what was billed.
 */
public record SpendJson(String key, String start, String end, long calls, long inputTokens, long outputTokens,
                        long cachedInputTokens, long costMicros, long premiumCostMicros, String costUsd, String premiumCostUsd,
                        String savingsUsd) {

    static SpendJson of(String key, Instant start, Instant end, SpendTotals totals) {
        return of(key, start.toString(), end.toString(), totals.getCalls(), totals.getInputTokens(), totals.getOutputTokens(),
                totals.getCachedInputTokens(), totals.getCostMicros(), totals.getPremiumCostMicros());
    }

    static SpendJson of(String key, String start, String end, long calls, long inputTokens, long outputTokens, long cachedInputTokens,
                        long costMicros, long premiumCostMicros) {
        return new SpendJson(key, start, end, calls, inputTokens, outputTokens, cachedInputTokens, costMicros, premiumCostMicros,
                Usd.of(costMicros), Usd.of(premiumCostMicros), Usd.of(premiumCostMicros - costMicros));
    }

    /** The sum of two entries; keeps this entry's key and span. */
    SpendJson plus(SpendJson other) {
        return of(key, start, end, calls + other.calls, inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens, costMicros + other.costMicros, premiumCostMicros + other.premiumCostMicros);
    }

    SpendJson withKey(String newKey) {
        return of(newKey, start, end, calls, inputTokens, outputTokens, cachedInputTokens, costMicros, premiumCostMicros);
    }

    static SpendJson zero(String key, String start, String end) {
        return of(key, start, end, 0, 0, 0, 0, 0, 0);
    }
}
