package dev.llmrouter.provider;

import dev.llmrouter.provider.http.HttpTransport;
import java.util.function.BiFunction;

/** Creates the adapter of one wire format; each adapter package has one, looked up by {@link #type()}. */
public interface ProviderFactory {

    /** The {@link ProviderConfig#type()} this factory serves. */
    String type();

    /** A provider for {@code config} that sends its requests with {@code transport}. */
    LlmProvider create(ProviderConfig config, HttpTransport transport);

    /** A factory of {@code type} that builds adapters with {@code constructor}. */
    static ProviderFactory of(String type, BiFunction<ProviderConfig, HttpTransport, LlmProvider> constructor) {
        return new ProviderFactory() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public LlmProvider create(ProviderConfig config, HttpTransport transport) {
                return constructor.apply(config, transport);
            }
        };
    }
}
