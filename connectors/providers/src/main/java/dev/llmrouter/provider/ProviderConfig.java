package dev.llmrouter.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One provider endpoint to register.
 *
 * @param id             registry id, e.g. {@code openai}, {@code deepseek}, {@code sim-openai}; also the
 *                       {@code provider} of results, errors and price look-ups
 * @param type           wire format: {@code openai} (any OpenAI-compatible server), {@code anthropic} or {@code gemini}
 * @param baseUrl        API root following the SDK convention of the type ({@code https://api.openai.com/v1},
 *                       {@code https://api.anthropic.com}, {@code https://generativelanguage.googleapis.com/v1beta});
 *                       {@code null} for that default, which is only right for the vendor itself
 * @param apiKey         the key, or {@code null} for servers that take none (local vLLM, Ollama)
 * @param connectTimeout TCP/TLS connect timeout; {@code null} for 10 seconds
 * @param extraHeaders   headers added to every request, overriding the adapter's own of the same name
 *                       (e.g. {@code anthropic-version}, {@code OpenAI-Organization}, {@code HTTP-Referer})
 */
public record ProviderConfig(String id, String type, URI baseUrl, ApiKey apiKey, Duration connectTimeout,
                             Map<String, String> extraHeaders) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public ProviderConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (id.isBlank() || type.isBlank()) {
            throw new IllegalArgumentException("provider id and type must not be blank");
        }
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        extraHeaders = extraHeaders == null ? Map.of() : Map.copyOf(extraHeaders);
    }

    /** A config with default connect timeout and no extra headers. */
    public static ProviderConfig of(String id, String type, URI baseUrl, ApiKey apiKey) {
        return new ProviderConfig(id, type, baseUrl, apiKey, null, null);
    }
}
