package dev.llmrouter.provider;

import dev.llmrouter.provider.anthropic.AnthropicProvider;
import dev.llmrouter.provider.gemini.GeminiProvider;
import dev.llmrouter.provider.http.ShardedHttpClient;
import dev.llmrouter.provider.openai.OpenAiProvider;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configured providers, by id. Thread-safe and immutable once created. Closing it closes the
 * providers and whatever HTTP clients and executor it created itself (not those passed in).
 */
public final class ProviderRegistry implements AutoCloseable {

    private static final Map<String, ProviderFactory> FACTORIES = List.of(
                    OpenAiProvider.FACTORY, AnthropicProvider.FACTORY, GeminiProvider.FACTORY).stream()
            .collect(Collectors.toUnmodifiableMap(ProviderFactory::type, Function.identity()));

    /**
     * JDK HTTP clients per provider, used in turn ({@link ShardedHttpClient}): keeps each client's pool of
     * HTTP/1.1 connections, which it scans linearly on every reuse, to an eighth of the calls in flight.
     */
    static final int CLIENTS_PER_PROVIDER = 8;

    private final Map<String, LlmProvider> providers;
    private final List<HttpClient> ownedClients;
    private final ExecutorService ownedExecutor;

    private ProviderRegistry(Map<String, LlmProvider> providers, List<HttpClient> ownedClients,
                             ExecutorService ownedExecutor) {
        this.providers = providers;
        this.ownedClients = ownedClients;
        this.ownedExecutor = ownedExecutor;
    }

    /**
     * {@value #CLIENTS_PER_PROVIDER} HTTP clients per provider (each with its config's connect timeout), whose callbacks run on
     * virtual threads owned by the registry.
     */
    public static ProviderRegistry create(List<ProviderConfig> configs) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            return create(configs, executor, executor);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** {@value #CLIENTS_PER_PROVIDER} HTTP clients per provider (each with its config's connect timeout), running callbacks on {@code executor}. */
    public static ProviderRegistry create(List<ProviderConfig> configs, Executor executor) {
        return create(configs, Objects.requireNonNull(executor, "executor"), null);
    }

    /**
     * All providers share {@code client}, which the registry does not close; the configs' connect
     * timeouts do not apply (an HTTP client has a single one).
     */
    public static ProviderRegistry create(List<ProviderConfig> configs, HttpClient client) {
        Objects.requireNonNull(client, "client");
        Map<String, LlmProvider> providers = new LinkedHashMap<>();
        for (ProviderConfig config : configs) {
            register(providers, factory(config).create(config, client));
        }
        return new ProviderRegistry(providers, List.of(), null);
    }

    /** A registry of ready-made providers (fakes in tests, custom adapters); it closes them when closed. */
    public static ProviderRegistry of(Collection<? extends LlmProvider> providers) {
        Map<String, LlmProvider> byId = new LinkedHashMap<>();
        providers.forEach(provider -> register(byId, provider));
        return new ProviderRegistry(byId, List.of(), null);
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
        // Abort exchanges still in flight rather than wait for slow models to answer.
        ownedClients.forEach(HttpClient::shutdownNow);
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    private static ProviderRegistry create(List<ProviderConfig> configs, Executor executor,
                                           ExecutorService ownedExecutor) {
        Map<String, LlmProvider> providers = new LinkedHashMap<>();
        List<HttpClient> clients = new ArrayList<>();
        try {
            for (ProviderConfig config : configs) {
                ProviderFactory factory = factory(config);
                HttpClient client = ShardedHttpClient.of(CLIENTS_PER_PROVIDER, () -> HttpClient.newBuilder()
                        .connectTimeout(config.connectTimeout())
                        .executor(executor)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build());
                clients.add(client);
                register(providers, factory.create(config, client));
            }
        } catch (RuntimeException e) {
            clients.forEach(HttpClient::shutdownNow);
            throw e;
        }
        return new ProviderRegistry(providers, List.copyOf(clients), ownedExecutor);
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
