package dev.llmrouter.worker;

import dev.llmrouter.provider.TokenUsage;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.Tier;
import java.util.Optional;

/** Exact cost of an attempt from the provider's reported usage, in micro-dollars. */
public interface CostCalculator {

    /** The cost, or a clear exception when the model has no price. */
    long costMicros(ModelRef model, TokenUsage usage);

    /** Version of the prices, recorded in every cost event. */
    String catalogVersion();

    /** The model's quality tier as the prices classify it, when known; bounds attempts under a budget cap. */
    default Optional<Tier> tierOf(ModelRef model) {
        return Optional.empty();
    }
}
