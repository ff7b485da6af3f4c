package dev.llmrouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** OpenAI chat completions: {@code POST /v1/chat/completions}, {@code GET /v1/models}, Bearer keys. */
final class OpenAiDialect implements Dialect {

    /** OpenAI reports cache hits in steps of 128 tokens beyond the minimum cacheable length. */
    private static final int CACHE_STEP = 128;

    @Override
    public WireFormat format() {
        return WireFormat.OPENAI;
    }

    @Override
    public boolean isChat(String method, String path) {
        return "POST".equals(method) && "/v1/chat/completions".equals(path);
    }

    @Override
    public String apiKey(WireRequest request) {
        String auth = request.header("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    }

    @Override
    public SimRequest parse(WireRequest request, JsonNode body) throws InvalidRequestException {
        String model = Dialect.text(body, "model");
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new InvalidRequestException("[] is too short - 'messages'");
        }
        List<String> all = new ArrayList<>();
        List<String> leadingSystem = new ArrayList<>();
        String question = "";
        boolean inLeadingSystem = true;
        for (JsonNode message : messages) {
            String role = Dialect.text(message, "role");
            String content = content(message.path("content"));
            all.add(content);
            boolean system = role.equals("system") || role.equals("developer");
            inLeadingSystem &= system;
            if (inLeadingSystem) {
                leadingSystem.add(content);
            }
            if (role.equals("user")) {
                question = content;
            }
        }
        int maxTokens = body.path("max_completion_tokens").asInt(body.path("max_tokens").asInt(0));
        String format = body.path("response_format").path("type").asText("text");
        boolean json = format.equals("json_object") || format.equals("json_schema");
        String prefix = leadingSystem.isEmpty() ? null : String.join("\n", leadingSystem);
        return new SimRequest(model, String.join("\n", all), prefix, maxTokens, json, question);
    }

    /** OpenAI caches prefixes by itself; what it reports as cached is rounded down to its 128-token steps. */
    static long reportedCachedTokens(long prefixTokens, long minTokens) {
        return prefixTokens < minTokens ? 0 : minTokens + (prefixTokens - minTokens) / CACHE_STEP * CACHE_STEP;
    }

    @Override
    public Reply answer(SimRequest request, SimAnswer answer) {
        ObjectNode message = Dialect.object().put("role", "assistant");
        if (answer.finish() == SimAnswer.Finish.REFUSAL) {
            message.putNull("content");
        } else {
            message.put("content", answer.text());
        }
        message.putNull("refusal");
        message.putArray("annotations");
        ObjectNode choice = Dialect.object().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", switch (answer.finish()) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case REFUSAL -> "content_filter";
        });
        ObjectNode usage = Dialect.object()
                .put("prompt_tokens", answer.inputTokens())
                .put("completion_tokens", answer.outputTokens())
                .put("total_tokens", answer.inputTokens() + answer.outputTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", answer.cacheReadTokens()).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        ObjectNode body = Dialect.object()
                .put("id", "chatcmpl-" + Dialect.randomId())
                .put("object", "chat.completion")
                .put("created", Instant.now().getEpochSecond())
                .put("model", request.model());
        body.putArray("choices").add(choice);
        body.set("usage", usage);
        body.put("service_tier", "default").put("system_fingerprint", "fp_simulator");
        return Reply.json(200, requestId(), body);
    }

    @Override
    public Reply error(Failure failure) {
        return switch (failure.problem()) {
            case MISSING_KEY -> error(401, "You didn't provide an API key. You need to provide your API key in an"
                    + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain"
                    + " an API key from https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
                    null, Map.of());
            case INVALID_KEY -> error(401, "Incorrect API key provided. You can find your API key at"
                    + " https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
                    "invalid_api_key", Map.of());
            case NOT_FOUND -> error(404, "Invalid URL (" + failure.message() + ")", "invalid_request_error", null,
                    null, Map.of());
            case BAD_REQUEST -> error(400, failure.message(), "invalid_request_error", null, null, Map.of());
            case RATE_LIMITED -> error(429, "Rate limit reached for " + failure.model()
                    + " in organization org-simulator on requests per min (RPM): Limit 500, Used 500, Requested 1."
                    + " Please try again in " + failure.retryAfterSeconds() + "s. Visit"
                    + " https://platform.openai.com/account/rate-limits to learn more.", "requests", null,
                    "rate_limit_exceeded", Map.of("Retry-After", Long.toString(failure.retryAfterSeconds()),
                            "x-ratelimit-reset-requests", failure.retryAfterSeconds() + "s"));
            case QUOTA_EXHAUSTED -> error(429, "You exceeded your current quota, please check your plan and billing"
                    + " details. For more information on this error, read the docs:"
                    + " https://platform.openai.com/docs/guides/error-codes/api-errors.", "insufficient_quota", null,
                    "insufficient_quota", Map.of());
            case CONTEXT_TOO_LONG -> error(400, "This model's maximum context length is " + failure.contextWindow()
                    + " tokens. However, your messages resulted in " + failure.promptTokens()
                    + " tokens. Please reduce the length of the messages.", "invalid_request_error", "messages",
                    "context_length_exceeded", Map.of());
            case SERVER_ERROR -> error(500, "The server had an error while processing your request. Sorry about"
                    + " that!", "server_error", null, null, Map.of());
            case OUTAGE -> error(503, "The engine is currently overloaded, please try again later.", "server_error",
                    null, null, Map.of());
        };
    }

    @Override
    public Optional<Reply> other(String method, String path, SimulatorConfig config) {
        if (!"GET".equals(method) || !"/v1/models".equals(path)) {
            return Optional.empty();
        }
        ObjectNode body = Dialect.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String model : new TreeSet<>(config.models().keySet())) {
            data.addObject().put("id", model).put("object", "model").put("created", 1_700_000_000L)
                    .put("owned_by", "system");
        }
        return Optional.of(Reply.json(200, requestId(), body));
    }

    private static String content(JsonNode content) throws InvalidRequestException {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText())) {
                    parts.add(part.path("text").asText());
                }
            }
            return String.join("\n", parts);
        }
        if (content.isNull() || content.isMissingNode()) {
            return "";
        }
        throw new InvalidRequestException("Invalid type for 'messages[].content': expected a string or an array");
    }

    private static Map<String, String> requestId() {
        return Map.of("x-request-id", "req_" + Dialect.randomId());
    }

    private static Reply error(int status, String message, String type, String param, String code,
                               Map<String, String> headers) {
        ObjectNode error = Dialect.object().put("message", message).put("type", type).put("param", param)
                .put("code", code);
        ObjectNode body = Dialect.object();
        body.set("error", error);
        Map<String, String> all = new HashMap<>(headers);
        all.putAll(requestId());
        return Reply.json(status, all, body);
    }
}
