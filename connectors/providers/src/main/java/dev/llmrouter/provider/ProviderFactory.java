package dev.llmrouter.provider;

import java.net.http.HttpClient;

/** Creates the adapter of one wire format; each adapter package has one, looked up by {@link #type()}. */
public interface ProviderFactory {

    /** The {@link ProviderConfig#type()} this factory serves. */
    String type();

    /** A provider for {@code config} that sends its requests with {@code client}. */
    LlmProvider create(ProviderConfig config, HttpClient client);
}
