package dev.llmrouter.provider.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.llmrouter.provider.ApiKey;
import dev.llmrouter.provider.ChatRequest;
import dev.llmrouter.provider.ChatResult;
import dev.llmrouter.provider.ErrorKind;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderConfig;
import dev.llmrouter.provider.ProviderException;
import dev.llmrouter.provider.TokenUsage;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The plumbing every JSON-over-HTTP adapter shares: sending asynchronously, timing, turning transport
 * failures and unreadable answers into {@link ProviderException}s, and keeping the API key out of them.
 * A subclass only says how its requests, answers and errors look.
 */
public abstract class HttpProvider implements LlmProvider {

    /** Shared, thread-safe JSON mapper. */
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ENDPOINTS = 1_024;

    private final ProviderConfig config;
    private final HttpTransport transport;
    private final URI baseUrl;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, URI> endpoints = new ConcurrentHashMap<>();

    protected HttpProvider(ProviderConfig config, HttpTransport transport, URI defaultBaseUrl) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = Objects.requireNonNull(transport, "transport");
        URI base = config.baseUrl() == null ? defaultBaseUrl : config.baseUrl();
        this.baseUrl = URI.create(base.toString().replaceAll("/+$", ""));
    }

    @Override
    public final String id() {
        return config.id();
    }

    protected final ProviderConfig config() {
        return config;
    }

    /** {@code path} below the configured base URL; parsed once per path (one per model at most), not per call. */
    protected final URI endpoint(String path) {
        URI known = endpoints.get(path);
        if (known != null) {
            return known;
        }
        URI parsed = URI.create(baseUrl + path);
        if (endpoints.size() < MAX_ENDPOINTS) {
            endpoints.put(path, parsed);
        }
        return parsed;
    }

    /** The configured key, or {@code null} for keyless servers. */
    protected final ApiKey apiKey() {
        return config.apiKey();
    }

    /** The provider's request for {@code request}: URI, body and auth headers. */
    protected abstract HttpCall request(ChatRequest request) throws JsonProcessingException;

    /**
     * Reads a 2xx answer. Throws a {@link ProviderException} (see {@link #failure}) for answers that are
     * failures, e.g. refusals; any other exception makes it an unreadable answer.
     */
    protected abstract ChatResult parse(ChatRequest request, JsonNode body, String rawBody, int status,
                                        Duration latency);

    /** Maps a non-2xx answer to a failure; {@code body} is the error JSON, or a missing node if it was not JSON. */
    protected abstract ProviderException error(ChatRequest request, int status, ResponseHeaders headers, JsonNode body,
                                               String rawBody);

    @Override
    public final CompletableFuture<ChatResult> chat(ChatRequest request) {
        CompletableFuture<ChatResult> result = new CompletableFuture<>();
        HttpCall http;
        try {
            http = build(request);
        } catch (RuntimeException | JsonProcessingException e) {
            String model = request == null ? "?" : request.model();
            result.completeExceptionally(new ProviderException(id(), model, ErrorKind.BAD_REQUEST, 0, null, null,
                    null, "cannot build request: " + redact(e.getMessage()), null));
            return result;
        }
        long start = System.nanoTime();
        CompletableFuture<HttpAnswer> exchange = transport.send(http, request.timeout());
        exchange.whenComplete((response, error) -> {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            try {
                if (error != null) {
                    result.completeExceptionally(transportFailure(request, unwrap(error)));
                } else {
                    result.complete(answer(request, response, latency));
                }
            } catch (ProviderException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(failure(request, ErrorKind.PROVIDER_ERROR,
                        response == null ? 0 : response.status(), null, response == null ? null : response.body(),
                        null, "unreadable response: " + e, e));
            }
        });
        // Cancelling the caller's future aborts the HTTP exchange as well.
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return result;
    }

    /**
     * A failure carrying this provider's id, with the API key redacted from {@code rawBody} and
     * {@code detail}. Pass {@code billedUsage} only for 2xx answers the provider meters (see
     * {@link ProviderException}).
     */
    protected final ProviderException failure(ChatRequest request, ErrorKind kind, int status, Duration retryAfter,
                                              String rawBody, TokenUsage billedUsage, String detail, Throwable cause) {
        return new ProviderException(id(), request.model(), kind, status, retryAfter, redact(rawBody), billedUsage,
                redact(detail), cause);
    }

    /** A successful result from this provider for {@code request}. */
    protected final ChatResult result(ChatRequest request, String content, String finishReason, TokenUsage usage,
                                      int status, Duration latency) {
        return new ChatResult(id(), request.model(), content, finishReason, usage, status, latency);
    }

    /** The provider's Retry-After headers, as a duration. */
    protected final Optional<Duration> retryAfterHeader(ResponseHeaders headers) {
        return RetryAfter.fromHeaders(headers, clock);
    }

    /** The error kind an HTTP status means when the body says nothing more specific. */
    protected static ErrorKind kindForStatus(int status) {
        return switch (status) {
            case 401, 403 -> ErrorKind.AUTH;
            case 402 -> ErrorKind.OUT_OF_CREDIT;
            case 408, 504 -> ErrorKind.TIMEOUT;
            case 413 -> ErrorKind.CONTEXT_TOO_LONG;
            case 429 -> ErrorKind.RATE_LIMITED;
            default -> status >= 500 ? ErrorKind.UNAVAILABLE
                    : status >= 400 ? ErrorKind.BAD_REQUEST : ErrorKind.PROVIDER_ERROR;
        };
    }

    private HttpCall build(ChatRequest request) throws JsonProcessingException {
        Objects.requireNonNull(request, "request");
        HttpCall call = request(request);
        config.extraHeaders().forEach(call::header);
        return call;
    }

    private ChatResult answer(ChatRequest request, HttpAnswer response, Duration latency) {
        int status = response.status();
        String raw = response.body();
        JsonNode body = readQuietly(raw);
        if (status / 100 != 2) {
            throw error(request, status, response.headers(), body, raw);
        }
        if (!body.isObject()) {
            throw failure(request, ErrorKind.PROVIDER_ERROR, status, null, raw, null,
                    "answer is not a JSON object", null);
        }
        return parse(request, body, raw, status, latency);
    }

    private ProviderException transportFailure(ChatRequest request, Throwable error) {
        // The connect timeout, shorter than the call's: no connection at all, unlike a slow answer.
        if (error instanceof SocketTimeoutException) {
            return failure(request, ErrorKind.NETWORK, 0, null, null, null, "connect timed out: " + error.getMessage(), error);
        }
        if (error instanceof TimeoutException) {
            return failure(request, ErrorKind.TIMEOUT, 0, null, null, null,
                    "no answer within " + request.timeout(), error);
        }
        if (error instanceof IOException) {
            return failure(request, ErrorKind.NETWORK, 0, null, null, null, error.toString(), error);
        }
        return failure(request, ErrorKind.PROVIDER_ERROR, 0, null, null, null, error.toString(), error);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static JsonNode readQuietly(String raw) {
        try {
            JsonNode node = raw == null || raw.isBlank() ? null : JSON.readTree(raw);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    private String redact(String text) {
        return config.apiKey() == null ? text : config.apiKey().redact(text);
    }
}
