package dev.llmrouter.ingress;

import dev.llmrouter.provider.ApiKey;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the OpenAI-compatible HTTP ingress.
 *
 * @param enabled         whether {@code llm-router run} starts it
 * @param host            address to bind, e.g. {@code 0.0.0.0}
 * @param port            port to bind; 0 for any free port
 * @param maxRequestBytes larger request bodies are refused with 413
 * @param requestTimeout  how long a request waits for its response before a 504
 * @param maxPending      requests waiting for a response at once; more are refused with 429 and Retry-After
 * @param defaultUser     user id of requests that name none (no {@code user} field, no user header)
 * @param apiKeys         accepted bearer keys; empty for an open ingress
 */
public record IngressConfig(boolean enabled, String host, int port, int maxRequestBytes, Duration requestTimeout, int maxPending,
                            String defaultUser, List<ApiKey> apiKeys) {

    public static final int DEFAULT_PORT = 8000;

    public IngressConfig {
        apiKeys = List.copyOf(apiKeys);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("ingress.port must be 0-65535, not " + port);
        }
        if (maxRequestBytes <= 0 || maxPending <= 0) {
            throw new IllegalArgumentException("ingress.max-request-bytes and ingress.max-pending must be positive");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("ingress.request-timeout must be positive");
        }
        if (defaultUser == null || defaultUser.isBlank()) {
            throw new IllegalArgumentException("ingress.default-user must not be blank");
        }
    }

    /** Off; when turned on: all interfaces, port 8000, 1 MiB bodies, 120 s, 20,000 pending, no keys. */
    public static IngressConfig defaults() {
        return new IngressConfig(false, "0.0.0.0", DEFAULT_PORT, 1 << 20, Duration.ofSeconds(120), 20_000, "anonymous", List.of());
    }

    /** These settings, enabled, on {@code host}:{@code port}. */
    public IngressConfig listeningOn(String bindHost, int bindPort) {
        return new IngressConfig(true, bindHost, bindPort, maxRequestBytes, requestTimeout, maxPending, defaultUser, apiKeys);
    }

    public IngressConfig withApiKeys(List<ApiKey> keys) {
        return new IngressConfig(enabled, host, port, maxRequestBytes, requestTimeout, maxPending, defaultUser, keys);
    }

    public IngressConfig withRequestTimeout(Duration timeout) {
        return new IngressConfig(enabled, host, port, maxRequestBytes, timeout, maxPending, defaultUser, apiKeys);
    }

    public IngressConfig withMaxPending(int pending) {
        return new IngressConfig(enabled, host, port, maxRequestBytes, requestTimeout, pending, defaultUser, apiKeys);
    }

    public IngressConfig withMaxRequestBytes(int bytes) {
        return new IngressConfig(enabled, host, port, bytes, requestTimeout, maxPending, defaultUser, apiKeys);
    }
}
