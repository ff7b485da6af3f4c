package dev.llmrouter.runtime;

import dev.llmrouter.pricing.ModelPrice;
import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.provider.TokenUsage;
import dev.llmrouter.route.CostEstimator;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.worker.CostCalculator;
import java.util.Optional;

/** The price catalog as the route stage's estimator and the workers' cost calculator. */
public final class CatalogPricing implements CostEstimator, CostCalculator {

    private final PriceCatalog catalog;

    public CatalogPricing(PriceCatalog catalog) {
        this.catalog = catalog;
    }

    public boolean knows(ModelRef model) {
        return catalog.price(model.getProvider(), model.getModel()).isPresent();
    }

    @Override
    public long estimateMicros(ModelRef model, long inputTokens, long outputTokens) {
        return price(model).costMicros(new TokenUsage(inputTokens, outputTokens, 0, 0));
    }

    @Override
    public long costMicros(ModelRef model, TokenUsage usage) {
        return price(model).costMicros(usage);
    }

    @Override
    public long estimateMicros(ModelRef model, long inputTokens, long cachedInputTokens, long outputTokens) {
        return price(model).costMicros(new TokenUsage(inputTokens, outputTokens, cachedInputTokens, 0));
    }

    @Override
    public Optional<Tier> tierOf(ModelRef model) {
        return catalog.price(model.getProvider(), model.getModel()).map(price -> Tier.valueOf(price.tier().name()));
    }

    @Override
    public String catalogVersion() {
        return catalog.version();
    }

    private ModelPrice price(ModelRef model) {
        return catalog.price(model.getProvider(), model.getModel()).orElseThrow(() -> new IllegalArgumentException(
                "price catalog " + catalog.version() + " has no price for " + model.getProvider() + "/" + model.getModel()));
    }
}
