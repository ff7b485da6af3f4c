package dev.llmrouter.provider;

import dev.llmrouter.provider.anthropic.AnthropicProvider;
import dev.llmrouter.provider.gemini.GeminiProvider;
import dev.llmrouter.provider.http.HttpTransports;
import dev.llmrouter.provider.openai.OpenAiProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configured providers, by id. Thread-safe and immutable once created. Closing it closes the
 * providers and the HTTP clients it created for them, aborting calls still in flight.
 */
public final class ProviderRegistry implements AutoCloseable {

    private static final Map<String, ProviderFactory> FACTORIES = List.of(
                    OpenAiProvider.FACTORY, AnthropicProvider.FACTORY, GeminiProvider.FACTORY).stream()
            .collect(Collectors.toUnmodifiableMap(ProviderFactory::type, Function.identity()));

    private final Map<String, LlmProvider> providers;
    private final HttpTransports transports;

    private ProviderRegistry(Map<String, LlmProvider> providers, HttpTransports transports) {
        this.providers = providers;
        this.transports = transports;
    }

    /** An HTTP client per provider, with its config's connect timeout, sharing one pool of threads. */
    public static ProviderRegistry create(List<ProviderConfig> configs) {
        HttpTransports transports = HttpTransports.start();
        try {
            Map<String, LlmProvider> providers = new LinkedHashMap<>();
            for (ProviderConfig config : configs) {
                ProviderFactory factory = factory(config);
                register(providers, factory.create(config, transports.create(config.id(), config.connectTimeout())));
            }
            return new ProviderRegistry(providers, transports);
        } catch (RuntimeException e) {
            transports.close();
            throw e;
        }
    }

    /** A registry of ready-made providers (fakes in tests, custom adapters); it closes them when closed. */
    public static ProviderRegistry of(Collection<? extends LlmProvider> providers) {
        Map<String, LlmProvider> byId = new LinkedHashMap<>();
        providers.forEach(provider -> register(byId, provider));
        return new ProviderRegistry(byId, null);
    }

    /** The wire format types that {@link ProviderConfig#type()} may name. */
    public static Set<String> types() {
        return Set.copyOf(FACTORIES.keySet());
    }

    /** The provider registered as {@code id}; fails naming the known ids when there is none. */
    public LlmProvider get(String id) {
        LlmProvider provider = providers.get(id);
        if (provider == null) {
            throw new IllegalArgumentException("unknown provider id '" + id + "'; known ids: " + providers.keySet());
        }
        return provider;
    }

    /** The provider registered as {@code id}, if any. */
    public Optional<LlmProvider> find(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /** The registered ids, in registration order. */
    public Set<String> ids() {
        return Collections.unmodifiableSet(providers.keySet());
    }

    @Override
    public void close() {
        providers.values().forEach(LlmProvider::close);
        if (transports != null) {
            transports.close();
        }
    }

    private static ProviderFactory factory(ProviderConfig config) {
        ProviderFactory factory = FACTORIES.get(config.type());
        if (factory == null) {
            throw new IllegalArgumentException("provider '" + config.id() + "' has unknown type '" + config.type()
                    + "'; known types: " + FACTORIES.keySet().stream().sorted().toList());
        }
        return factory;
    }

    private static void register(Map<String, LlmProvider> providers, LlmProvider provider) {
        if (providers.putIfAbsent(provider.id(), provider) != null) {
            throw new IllegalArgumentException("provider id '" + provider.id() + "' is configured twice");
        }
    }
}
