package dev.llmrouter.provider.openai;

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
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * OpenAI chat completions ({@code POST {baseUrl}/chat/completions}), and every server that speaks it:
 * DeepSeek, Mistral, Groq, Together, OpenRouter, vLLM, Ollama. Prompt caching is automatic on the
 * provider side; cached tokens come from {@code usage.prompt_tokens_details.cached_tokens} (DeepSeek:
 * {@code prompt_cache_hit_tokens}). A server that reports no usage block yields zero usage.
 */
public final class OpenAiProvider extends HttpProvider {

    public static final String TYPE = "openai";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");
    public static final ProviderFactory FACTORY = ProviderFactory.of(TYPE, OpenAiProvider::new);

    /**
     * OpenAI itself deprecated {@code max_tokens} (its reasoning models reject it) for
     * {@code max_completion_tokens}, which many compatible servers do not know.
     */
    private final String maxTokensField;

    public OpenAiProvider(ProviderConfig config, HttpTransport transport) {
        super(config, transport, DEFAULT_BASE_URL);
        boolean openAiItself = endpoint("").getHost() != null && endpoint("").getHost().endsWith("api.openai.com");
        maxTokensField = openAiItself ? "max_completion_tokens" : "max_tokens";
    }

    @Override
    protected HttpCall request(ChatRequest request) throws JsonProcessingException {
        ObjectNode body = JSON.createObjectNode().put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        if (request.systemPrompt() != null) {
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role().name().toLowerCase(Locale.ROOT))
                    .put("content", message.content());
        }
        if (request.maxOutputTokens() != null) {
            body.put(maxTokensField, request.maxOutputTokens());
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.wantsJson()) {
            body.putObject("response_format").put("type", "json_object");
        }
        HttpCall call = HttpCall.post(endpoint("/chat/completions"), JSON.writeValueAsString(body));
        if (apiKey() != null) {
            call.header("Authorization", "Bearer " + apiKey().reveal());
        }
        return call;
    }

    @Override
    protected ChatResult parse(ChatRequest request, JsonNode body, String rawBody, int status, Duration latency) {
        JsonNode choice = body.path("choices").path(0);
        if (!choice.isObject()) {
            throw failure(request, ErrorKind.PROVIDER_ERROR, status, null, rawBody, null,
                    "answer has no choices", null);
        }
        TokenUsage usage = usage(body.path("usage"));
        JsonNode message = choice.path("message");
        String finish = choice.path("finish_reason").asText("");
        if (message.path("refusal").isTextual() || finish.equals("content_filter")) {
            String why = message.path("refusal").isTextual() ? message.path("refusal").asText() : "content filter";
            throw failure(request, ErrorKind.CONTENT_REFUSED, status, null, rawBody, usage,
                    "refused: " + why, null);
        }
        String content = message.path("content").isTextual() ? message.path("content").asText() : "";
        return result(request, content, switch (finish) {
            case "stop" -> ChatResult.STOP;
            case "length" -> ChatResult.LENGTH;
            case "tool_calls", "function_call" -> ChatResult.TOOL_CALLS;
            default -> finish.toLowerCase(Locale.ROOT);
        }, usage, status, latency);
    }

    private static TokenUsage usage(JsonNode usage) {
        JsonNode details = usage.path("prompt_tokens_details").path("cached_tokens");
        long cached = details.isNumber() ? details.asLong() : usage.path("prompt_cache_hit_tokens").asLong(0);
        return new TokenUsage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0),
                cached, 0);
    }

    @Override
    protected ProviderException error(ChatRequest request, int status, ResponseHeaders headers, JsonNode body,
                                      String rawBody) {
        // OpenAI wraps errors in {"error": {...}}; Mistral and some others put the fields at the top level.
        JsonNode error = body.has("error") && body.get("error").isObject() ? body.get("error") : body;
        String code = error.path("code").asText("");
        String type = error.path("type").asText("");
        String message = error.path("message").asText("");
        ErrorKind kind;
        if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
            kind = ErrorKind.OUT_OF_CREDIT;
        } else if (code.equals("context_length_exceeded") || message.contains("maximum context length")) {
            kind = ErrorKind.CONTEXT_TOO_LONG;
        } else if (code.equals("content_filter") || code.equals("content_policy_violation")) {
            kind = ErrorKind.CONTENT_REFUSED;
        } else if (code.equals("invalid_api_key")) {
            kind = ErrorKind.AUTH;
        } else {
            kind = kindForStatus(status);
        }
        Optional<Duration> retryAfter = retryAfterHeader(headers);
        if (retryAfter.isEmpty() && kind == ErrorKind.RATE_LIMITED) {
            retryAfter = RetryAfter.fromMessage(message);
        }
        return failure(request, kind, status, retryAfter.orElse(null), rawBody, null,
                message.isEmpty() ? "HTTP " + status : message, null);
    }
}
