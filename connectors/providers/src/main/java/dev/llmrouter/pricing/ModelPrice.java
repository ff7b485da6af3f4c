package dev.llmrouter.pricing;

import dev.llmrouter.provider.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * List prices of one model, in USD per million tokens. Because a price per million tokens times a token
 * count is exactly micro-dollars, costs are exact: computed with {@link BigDecimal} and rounded up once.
 *
 * @param provider              registry id of the provider ({@code openai}, {@code anthropic}, {@code gemini}, ...)
 * @param model                 the provider's model id
 * @param inputPerMillion       uncached input
 * @param outputPerMillion      output, reasoning tokens included
 * @param cachedInputPerMillion input read from the prompt cache; the input price where the provider has no discount
 * @param cacheWritePerMillion  input written to the prompt cache; the input price where it is not charged apart
 * @param contextWindow         input plus output tokens the model accepts
 * @param tier                  quality class
 */
public record ModelPrice(String provider, String model, BigDecimal inputPerMillion, BigDecimal outputPerMillion,
                         BigDecimal cachedInputPerMillion, BigDecimal cacheWritePerMillion, long contextWindow,
                         Tier tier) {

    public ModelPrice {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        Objects.requireNonNull(tier, "tier");
        cachedInputPerMillion = cachedInputPerMillion == null ? inputPerMillion : cachedInputPerMillion;
        cacheWritePerMillion = cacheWritePerMillion == null ? inputPerMillion : cacheWritePerMillion;
        for (BigDecimal price : new BigDecimal[] {inputPerMillion, outputPerMillion, cachedInputPerMillion,
                cacheWritePerMillion}) {
            if (price.signum() < 0) {
                throw new IllegalArgumentException(provider + "/" + model + ": prices must not be negative");
            }
        }
        if (contextWindow <= 0) {
            throw new IllegalArgumentException(provider + "/" + model + ": contextWindow must be positive");
        }
    }

    /**
     * The exact cost of one attempt in micro-dollars, rounded up once: uncached input, cache reads, cache
     * writes and output each at their own price.
     */
    public long costMicros(TokenUsage usage) {
        BigDecimal micros = inputPerMillion.multiply(BigDecimal.valueOf(usage.uncachedInputTokens()))
                .add(cachedInputPerMillion.multiply(BigDecimal.valueOf(usage.cachedInputTokens())))
                .add(cacheWritePerMillion.multiply(BigDecimal.valueOf(usage.cacheWriteTokens())))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(usage.outputTokens())));
        return micros.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The cost of an attempt with this many uncached input and output tokens, in micro-dollars (rounded up). */
    public long estimateCostMicros(long inputTokens, long outputTokens) {
        return costMicros(TokenUsage.of(inputTokens, outputTokens));
    }
}
