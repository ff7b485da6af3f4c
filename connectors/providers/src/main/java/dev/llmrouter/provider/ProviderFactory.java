package dev.llmrouter.provider;

import java.net.http.HttpClient;
import java.util.function.BiFunction;

/** Creates the adapter of one wire format; each adapter package has one, looked up by {@link #type()}. */
public interface ProviderFactory {

    /** The {@link ProviderConfig#type()} this factory serves. */
    String type();

    /** A provider for {@code config} that sends its requests with {@code client}. */
    LlmProvider create(ProviderConfig config, HttpClient client);

    /** A factory of {@code type} that builds adapters with {@code constructor}. */
    static ProviderFactory of(String type, BiFunction<ProviderConfig, HttpClient, LlmProvider> constructor) {
        return new ProviderFactory() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public LlmProvider create(ProviderConfig config, HttpClient client) {
                return constructor.apply(config, client);
            }
        };
    }
}
