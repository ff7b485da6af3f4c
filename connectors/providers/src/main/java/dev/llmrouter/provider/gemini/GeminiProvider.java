package dev.llmrouter.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrouter.provider.ChatMessage;
import dev.llmrouter.provider.ChatRequest;
import dev.llmrouter.provider.ChatResult;
import dev.llmrouter.provider.ErrorKind;
import dev.llmrouter.provider.ProviderConfig;
import dev.llmrouter.provider.ProviderException;
import dev.llmrouter.provider.ProviderFactory;
import dev.llmrouter.provider.TokenUsage;
import dev.llmrouter.provider.http.HttpCall;
import dev.llmrouter.provider.http.HttpProvider;
import dev.llmrouter.provider.http.HttpTransport;
import dev.llmrouter.provider.http.ResponseHeaders;
import dev.llmrouter.provider.http.RetryAfter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Gemini generateContent ({@code POST {baseUrl}/models/{model}:generateContent}, key in {@code x-goog-api-key}).
 * Gemini caches long prefixes implicitly and reports {@code cachedContentTokenCount}, which
 * {@code promptTokenCount} includes; thinking tokens ({@code thoughtsTokenCount}) are billed as output
 * and counted in {@link TokenUsage#outputTokens()}. A wrong key is a 400 {@code API_KEY_INVALID}, mapped to AUTH.
 */
public final class GeminiProvider extends HttpProvider {

    public static final String TYPE = "gemini";
    public static final URI DEFAULT_BASE_URL = URI.create("https://generativelanguage.googleapis.com/v1beta");
    public static final ProviderFactory FACTORY = ProviderFactory.of(TYPE, GeminiProvider::new);

    private static final Set<String> REFUSALS = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY", "LANGUAGE");

    public GeminiProvider(ProviderConfig config, HttpTransport transport) {
        super(config, transport, DEFAULT_BASE_URL);
    }

    @Override
    protected HttpCall request(ChatRequest request) throws JsonProcessingException {
        ObjectNode body = JSON.createObjectNode();
        List<String> system = new ArrayList<>();
        if (request.systemPrompt() != null) {
            system.add(request.systemPrompt());
        }
        ArrayNode contents = body.putArray("contents");
        for (ChatMessage message : request.messages()) {
            if (message.role() == ChatMessage.Role.SYSTEM) {
                system.add(message.content());
            } else {
                ObjectNode content = contents.addObject()
                        .put("role", message.role() == ChatMessage.Role.USER ? "user" : "model");
                content.putArray("parts").addObject().put("text", message.content());
            }
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", String.join("\n\n", system));
        }
        ObjectNode generation = JSON.createObjectNode();
        if (request.maxOutputTokens() != null) {
            generation.put("maxOutputTokens", request.maxOutputTokens());
        }
        if (request.temperature() != null) {
            generation.put("temperature", request.temperature());
        }
        if (request.wantsJson()) {
            generation.put("responseMimeType", "application/json");
        }
        if (!generation.isEmpty()) {
            body.set("generationConfig", generation);
        }
        String model = request.model().startsWith("models/") ? request.model().substring(7) : request.model();
        HttpCall call = HttpCall.post(
                endpoint("/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + ":generateContent"),
                JSON.writeValueAsString(body));
        if (apiKey() != null) {
            call.header("x-goog-api-key", apiKey().reveal());
        }
        return call;
    }

    @Override
    protected ChatResult parse(ChatRequest request, JsonNode body, String rawBody, int status, Duration latency) {
        JsonNode meta = body.path("usageMetadata");
        TokenUsage usage = new TokenUsage(meta.path("promptTokenCount").asLong(0),
                meta.path("candidatesTokenCount").asLong(0) + meta.path("thoughtsTokenCount").asLong(0),
                meta.path("cachedContentTokenCount").asLong(0), 0);
        JsonNode candidate = body.path("candidates").path(0);
        if (!candidate.isObject()) {
            String blocked = body.path("promptFeedback").path("blockReason").asText("");
            if (!blocked.isEmpty()) {
                throw failure(request, ErrorKind.CONTENT_REFUSED, status, null, rawBody,
                        meta.isObject() ? usage : null, "prompt blocked: " + blocked, null);
            }
            throw failure(request, ErrorKind.PROVIDER_ERROR, status, null, rawBody, null,
                    "answer has no candidates", null);
        }
        String finish = candidate.path("finishReason").asText("");
        if (REFUSALS.contains(finish)) {
            throw failure(request, ErrorKind.CONTENT_REFUSED, status, null, rawBody, meta.isObject() ? usage : null,
                    "refused: finishReason " + finish, null);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            // Thought summaries are not part of the answer.
            if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText());
            }
        }
        return result(request, text.toString(), switch (finish) {
            case "STOP" -> ChatResult.STOP;
            case "MAX_TOKENS" -> ChatResult.LENGTH;
            default -> finish.toLowerCase(Locale.ROOT);
        }, usage, status, latency);
    }

    @Override
    protected ProviderException error(ChatRequest request, int status, ResponseHeaders headers, JsonNode body,
                                      String rawBody) {
        JsonNode error = body.path("error");
        String grpcStatus = error.path("status").asText("");
        String message = error.path("message").asText("");
        boolean invalidKey = false;
        Optional<Duration> retryDelay = Optional.empty();
        for (JsonNode detail : error.path("details")) {
            invalidKey |= "API_KEY_INVALID".equals(detail.path("reason").asText());
            if (detail.has("retryDelay")) {
                retryDelay = RetryAfter.fromProtoDuration(detail.path("retryDelay").asText());
            }
        }
        ErrorKind kind = invalidKey ? ErrorKind.AUTH : switch (grpcStatus) {
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> ErrorKind.AUTH;
            case "RESOURCE_EXHAUSTED" -> ErrorKind.RATE_LIMITED;
            case "UNAVAILABLE", "INTERNAL" -> ErrorKind.UNAVAILABLE;
            case "DEADLINE_EXCEEDED" -> ErrorKind.TIMEOUT;
            case "INVALID_ARGUMENT" -> message.contains("exceeds the maximum number of tokens")
                    ? ErrorKind.CONTEXT_TOO_LONG : ErrorKind.BAD_REQUEST;
            default -> kindForStatus(status);
        };
        Duration retryAfter = retryAfterHeader(headers).orElse(retryDelay.orElse(null));
        return failure(request, kind, status, retryAfter, rawBody, null,
                message.isEmpty() ? "HTTP " + status : message, null);
    }
}
