package dev.llmrouter.worker;

import dev.llmrouter.opinion.RatingCache;
import dev.llmrouter.provider.ApiKey;
import dev.llmrouter.provider.ProviderConfig;
import dev.llmrouter.provider.ProviderRegistry;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.simulator.WireFormat;
import dev.llmrouter.speculate.SpeculationScorer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The provider simulator on a free port, reached over real HTTP as the provider {@code openai}. */
final class SimulatedOpenAi implements AutoCloseable {

    final ProviderSimulator simulator;
    final ProviderRegistry providers;

    SimulatedOpenAi() throws IOException {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        providers = ProviderRegistry.create(List.of(
                new ProviderConfig("openai", "openai", simulator.baseUrl(WireFormat.OPENAI), ApiKey.of("k"), Duration.ofSeconds(5), Map.of())));
    }

    /** A chain over the simulator with one try per model and the given second-opinion cache. */
    AttemptChain chain(RatingCache ratings) {
        return chain(AttemptChainTest.PER_TOKEN, ratings);
    }

    AttemptChain chain(CostCalculator costs, RatingCache ratings) {
        return new AttemptChain(providers::get, costs, Duration.ofSeconds(5),
                new ProviderGuards(ResilienceSettings.defaults().withAttemptsPerModel(1)), SpeculationScorer.bundled(),
                ratings);
    }

    /** From now on {@code model} behaves as {@code profile}; other models as by default. */
    void givenModel(String model, ModelProfile profile) {
        simulator.update(config -> new SimulatorConfig(config.port(), config.apiKeys(), config.cacheTtl(), config.cacheMinTokens(),
                config.defaultProfile(), Map.of(model, profile), config.outages()));
    }

    @Override
    public void close() {
        providers.close();
        simulator.close();
    }
}
