package dev.llmrouter.route;

import dev.llmrouter.schema.ModelRef;

/** Prices a call before it is made, from estimated token counts, in micro-dollars. */
@FunctionalInterface
public interface CostEstimator {

    long estimateMicros(ModelRef model, long inputTokens, long outputTokens);
}
