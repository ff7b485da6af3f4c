package dev.llmrouter.provider.anthropic;

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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Anthropic Messages ({@code POST {baseUrl}/v1/messages}). With {@link ChatRequest#cacheSystemPrompt()}
 * the system prompt goes as a block marked {@code cache_control: {type: ephemeral}}. Anthropic reports
 * {@code input_tokens} without cache reads and writes; they are added back so that
 * {@link TokenUsage#inputTokens()} counts all input. The Messages API has no JSON mode, so
 * {@link ChatRequest#responseFormat()} is not sent. SYSTEM messages in the conversation join the system prompt.
 */
public final class AnthropicProvider extends HttpProvider {

    public static final String TYPE = "anthropic";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");
    /** Sent as {@code anthropic-version} unless the config's extra headers name another. */
    public static final String API_VERSION = "2023-06-01";
    public static final ProviderFactory FACTORY = ProviderFactory.of(TYPE, AnthropicProvider::new);

    public AnthropicProvider(ProviderConfig config, HttpTransport transport) {
        super(config, transport, DEFAULT_BASE_URL);
    }

    @Override
    protected HttpCall request(ChatRequest request) throws JsonProcessingException {
        ObjectNode body = JSON.createObjectNode().put("model", request.model()).put("max_tokens",
                request.maxOutputTokens() == null ? ChatRequest.DEFAULT_ANTHROPIC_MAX_TOKENS : request.maxOutputTokens());
        List<String> system = new ArrayList<>();
        if (request.systemPrompt() != null) {
            system.add(request.systemPrompt());
        }
        ArrayNode messages = JSON.createArrayNode();
        for (ChatMessage message : request.messages()) {
            if (message.role() == ChatMessage.Role.SYSTEM) {
                system.add(message.content());
            } else {
                messages.addObject().put("role", message.role().name().toLowerCase(Locale.ROOT))
                        .put("content", message.content());
            }
        }
        if (!system.isEmpty()) {
            String text = String.join("\n\n", system);
            if (request.cacheSystemPrompt()) {
                ObjectNode block = body.putArray("system").addObject().put("type", "text").put("text", text);
                block.putObject("cache_control").put("type", "ephemeral");
            } else {
                body.put("system", text);
            }
        }
        body.set("messages", messages);
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        HttpCall call = HttpCall.post(endpoint("/v1/messages"), JSON.writeValueAsString(body))
                .header("anthropic-version", API_VERSION);
        if (apiKey() != null) {
            call.header("x-api-key", apiKey().reveal());
        }
        return call;
    }

    @Override
    protected ChatResult parse(ChatRequest request, JsonNode body, String rawBody, int status, Duration latency) {
        JsonNode content = body.path("content");
        if (!content.isArray() || !body.path("usage").isObject()) {
            throw failure(request, ErrorKind.PROVIDER_ERROR, status, null, rawBody, null,
                    "answer has no content or usage", null);
        }
        JsonNode u = body.path("usage");
        long cacheRead = u.path("cache_read_input_tokens").asLong(0);
        long cacheWrite = u.path("cache_creation_input_tokens").asLong(0);
        TokenUsage usage = new TokenUsage(u.path("input_tokens").asLong(0) + cacheRead + cacheWrite,
                u.path("output_tokens").asLong(0), cacheRead, cacheWrite);
        String stop = body.path("stop_reason").asText("");
        if (stop.equals("refusal")) {
            throw failure(request, ErrorKind.CONTENT_REFUSED, status, null, rawBody, usage,
                    "refused: stop_reason refusal", null);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
            }
        }
        return result(request, text.toString(), switch (stop) {
            case "end_turn", "stop_sequence" -> ChatResult.STOP;
            case "max_tokens", "model_context_window_exceeded" -> ChatResult.LENGTH;
            case "tool_use" -> ChatResult.TOOL_CALLS;
            default -> stop.toLowerCase(Locale.ROOT);
        }, usage, status, latency);
    }

    @Override
    protected ProviderException error(ChatRequest request, int status, ResponseHeaders headers, JsonNode body,
                                      String rawBody) {
        String type = body.path("error").path("type").asText("");
        String message = body.path("error").path("message").asText("");
        String lower = message.toLowerCase(Locale.ROOT);
        ErrorKind kind = switch (type) {
            case "authentication_error", "permission_error" -> ErrorKind.AUTH;
            case "billing_error" -> ErrorKind.OUT_OF_CREDIT;
            case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
            case "overloaded_error", "api_error" -> ErrorKind.UNAVAILABLE;
            case "timeout_error" -> ErrorKind.TIMEOUT;
            case "request_too_large" -> ErrorKind.CONTEXT_TOO_LONG;
            case "invalid_request_error" -> lower.contains("prompt is too long") ? ErrorKind.CONTEXT_TOO_LONG
                    : lower.contains("credit balance") ? ErrorKind.OUT_OF_CREDIT : ErrorKind.BAD_REQUEST;
            default -> kindForStatus(status);
        };
        return failure(request, kind, status, retryAfterHeader(headers).orElse(null), rawBody, null,
                message.isEmpty() ? "HTTP " + status : message, null);
    }
}
