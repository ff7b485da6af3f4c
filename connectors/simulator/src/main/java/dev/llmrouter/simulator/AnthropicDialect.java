package dev.llmrouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic Messages: {@code POST /v1/messages}, {@code x-api-key} and {@code anthropic-version} headers.
 * Only blocks marked {@code cache_control} are cached; {@code input_tokens} excludes cache reads and writes.
 */
final class AnthropicDialect implements Dialect {

    @Override
    public WireFormat format() {
        return WireFormat.ANTHROPIC;
    }

    @Override
    public boolean isChat(String method, String path) {
        return "POST".equals(method) && "/v1/messages".equals(path);
    }

    @Override
    public String apiKey(WireRequest request) {
        return request.header("x-api-key");
    }

    @Override
    public SimRequest parse(WireRequest request, JsonNode body) throws InvalidRequestException {
        if (request.header("anthropic-version") == null) {
            throw new InvalidRequestException("anthropic-version: header is required");
        }
        String model = Dialect.text(body, "model");
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens == null || !maxTokens.canConvertToInt() || maxTokens.asInt() < 1) {
            throw new InvalidRequestException("max_tokens: Field required");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new InvalidRequestException("messages: at least one message is required");
        }
        List<Block> blocks = new ArrayList<>(blocks(body.path("system"), "system"));
        String question = "";
        for (JsonNode message : messages) {
            String role = Dialect.text(message, "role");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new InvalidRequestException("messages: Unexpected role \"" + role
                        + "\". The Messages API accepts a top-level `system` parameter, not \"system\" as an input"
                        + " message role.");
            }
            List<Block> content = blocks(message.path("content"), "messages.content");
            blocks.addAll(content);
            if (role.equals("user")) {
                question = String.join("\n", content.stream().map(Block::text).toList());
            }
        }
        int lastMarked = -1;
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).cached()) {
                lastMarked = i;
            }
        }
        String all = String.join("\n", blocks.stream().map(Block::text).toList());
        String prefix = lastMarked < 0 ? null
                : String.join("\n", blocks.subList(0, lastMarked + 1).stream().map(Block::text).toList());
        return new SimRequest(model, all, prefix, maxTokens.asInt(), false, question);
    }

    @Override
    public Reply answer(SimRequest request, SimAnswer answer) {
        ObjectNode body = Dialect.object()
                .put("id", "msg_" + Dialect.randomId())
                .put("type", "message")
                .put("role", "assistant")
                .put("model", request.model());
        if (answer.finish() == SimAnswer.Finish.REFUSAL) {
            body.putArray("content");
        } else {
            body.putArray("content").addObject().put("type", "text").put("text", answer.text());
        }
        body.put("stop_reason", switch (answer.finish()) {
            case STOP -> "end_turn";
            case LENGTH -> "max_tokens";
            case REFUSAL -> "refusal";
        });
        body.putNull("stop_sequence");
        body.putObject("usage")
                .put("input_tokens", answer.inputTokens() - answer.cacheReadTokens() - answer.cacheWriteTokens())
                .put("cache_creation_input_tokens", answer.cacheWriteTokens())
                .put("cache_read_input_tokens", answer.cacheReadTokens())
                .put("output_tokens", answer.outputTokens())
                .put("service_tier", "standard");
        return Reply.json(200, Map.of("request-id", "req_" + Dialect.randomId()), body);
    }

    @Override
    public Reply error(Failure failure) {
        return switch (failure.problem()) {
            case MISSING_KEY -> error(401, "authentication_error", "x-api-key header is required", Map.of());
            case INVALID_KEY -> error(401, "authentication_error", "invalid x-api-key", Map.of());
            case NOT_FOUND -> error(404, "not_found_error", "Not Found", Map.of());
            case BAD_REQUEST -> error(400, "invalid_request_error", failure.message(), Map.of());
            case RATE_LIMITED -> error(429, "rate_limit_error", "This request would exceed the rate limit for your"
                    + " organization (org-simulator) of 50 requests per minute. For details, refer to:"
                    + " https://docs.claude.com/en/api/rate-limits. You can see the response headers for current"
                    + " usage. Please reduce the prompt length or the maximum tokens requested, or try again later.",
                    Map.of("retry-after", Long.toString(failure.retryAfterSeconds())));
            case QUOTA_EXHAUSTED -> error(400, "invalid_request_error", "Your credit balance is too low to access"
                    + " the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.", Map.of());
            case CONTEXT_TOO_LONG -> error(400, "invalid_request_error", "prompt is too long: "
                    + failure.promptTokens() + " tokens > " + failure.contextWindow() + " maximum", Map.of());
            case SERVER_ERROR -> error(500, "api_error", "Internal server error", Map.of());
            case OUTAGE -> error(529, "overloaded_error", "Overloaded", Map.of());
        };
    }

    private static Reply error(int status, String type, String message, Map<String, String> headers) {
        String requestId = "req_" + Dialect.randomId();
        ObjectNode body = Dialect.object().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        body.put("request_id", requestId);
        Map<String, String> all = new HashMap<>(headers);
        all.put("request-id", requestId);
        return Reply.json(status, all, body);
    }

    private static List<Block> blocks(JsonNode content, String field) throws InvalidRequestException {
        if (content.isMissingNode() || content.isNull()) {
            return List.of();
        }
        if (content.isTextual()) {
            return List.of(new Block(content.asText(), false));
        }
        if (!content.isArray()) {
            throw new InvalidRequestException(field + ": Input should be a valid string or list");
        }
        List<Block> blocks = new ArrayList<>();
        for (JsonNode block : content) {
            if (!"text".equals(block.path("type").asText())) {
                throw new InvalidRequestException(field + ": only text blocks are simulated");
            }
            JsonNode cacheControl = block.path("cache_control");
            if (!cacheControl.isMissingNode() && !"ephemeral".equals(cacheControl.path("type").asText())) {
                throw new InvalidRequestException(field + ".cache_control.type: Input should be 'ephemeral'");
            }
            blocks.add(new Block(block.path("text").asText(), !cacheControl.isMissingNode()));
        }
        return blocks;
    }

    private record Block(String text, boolean cached) {
    }
}
