package dev.llmrouter.route;

import dev.llmrouter.schema.ModelRef;

/** Prices a call before it is made, from estimated token counts, in micro-dollars. */
@FunctionalInterface
public interface CostEstimator {

    long estimateMicros(ModelRef model, long inputTokens, long outputTokens);

    /**
     * The estimate when {@code cachedInputTokens} of the input (which includes them) are read from the
     * provider's prompt cache. Estimators without cache prices charge them as ordinary input.
     */
    default long estimateMicros(ModelRef model, long inputTokens, long cachedInputTokens, long outputTokens) {
        return estimateMicros(model, inputTokens, outputTokens);
    }
}
