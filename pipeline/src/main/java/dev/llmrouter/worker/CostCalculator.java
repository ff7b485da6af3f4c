package dev.llmrouter.worker;

import dev.llmrouter.provider.TokenUsage;
import dev.llmrouter.schema.ModelRef;

/** Exact cost of an attempt from the provider's reported usage, in micro-dollars. */
public interface CostCalculator {

    /** The cost, or a clear exception when the model has no price. */
    long costMicros(ModelRef model, TokenUsage usage);

    /** Version of the prices, recorded in every cost event. */
    String catalogVersion();
}
