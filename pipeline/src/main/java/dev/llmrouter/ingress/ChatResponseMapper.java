package dev.llmrouter.ingress;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.TokenUsage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link LlmResponse} into an OpenAI chat-completions answer: an OK response into a
 * {@code chat.completion} body whose {@code model} is the model that answered; any other status into
 * an OpenAI error. Either way the routing outcome travels in {@code x-llm-router-*} headers, and an OK body
 * carries it again in an extra {@code llm_router} object.
 */
public final class ChatResponseMapper {

    public static final String REQUEST_ID_HEADER = "x-llm-router-request-id";
    public static final String STATUS_HEADER = "x-llm-router-status";
    public static final String TIER_HEADER = "x-llm-router-tier";
    public static final String MODEL_HEADER = "x-llm-router-model";
    public static final String COST_HEADER = "x-llm-router-cost-usd";
    public static final String REASON_HEADER = "x-llm-router-reason";
    public static final String POLICY_VERSION_HEADER = "x-llm-router-policy-version";

    private static final Set<String> OPENAI_FINISH_REASONS = Set.of("stop", "length", "tool_calls", "content_filter");
    private static final Set<AttemptOutcome> REQUEST_FAULTS = Set.of(AttemptOutcome.CONTEXT_TOO_LONG, AttemptOutcome.BAD_REQUEST,
            AttemptOutcome.CONTENT_REFUSED);

    /** What to answer: status, body and headers. */
    public record Reply(int status, ObjectNode body, Map<String, String> headers) {
    }

    private ChatResponseMapper() {
    }

    public static Reply reply(PromptRequest request, LlmResponse response) {
        Map<String, String> headers = routingHeaders(response);
        return switch (response.getStatus()) {
            case OK -> new Reply(200, completion(request, response), headers);
            case REFUSED -> error(new ApiError(402, "insufficient_quota", "budget_exceeded", null, message(response,
                    "The request was refused by the routing policy.")), headers);
            case INVALID -> error(ApiError.badRequest("invalid_request", null, message(response, "The request is invalid.")), headers);
            case FAILED -> error(failed(response), headers);
            case UNKNOWN -> error(new ApiError(502, "server_error", "unknown_status", null,
                    "The pipeline answered with a status this ingress does not know; request " + response.getRequestId() + "."), headers);
        };
    }

    private static Reply error(ApiError error, Map<String, String> headers) {
        return new Reply(error.status(), error.body(), headers);
    }

    /** Every model failed: the request's own fault when the last provider said so, else the providers are unavailable. */
    private static ApiError failed(LlmResponse response) {
        Attempt last = response.getAttempts().isEmpty() ? null : response.getAttempts().getLast();
        if (last != null && REQUEST_FAULTS.contains(last.getOutcome())) {
            String code = last.getOutcome() == AttemptOutcome.CONTEXT_TOO_LONG ? "context_length_exceeded"
                    : last.getOutcome() == AttemptOutcome.CONTENT_REFUSED ? "content_filter" : "invalid_request";
            return ApiError.badRequest(code, "messages", message(response, "The providers rejected the request."));
        }
        return new ApiError(503, "server_error", "providers_unavailable",
                null, message(response, "Every model of the route failed.") + " (" + response.getAttempts().size() + " attempts)");
    }

    private static String message(LlmResponse response, String fallback) {
        return response.getError() == null || response.getError().isBlank() ? fallback : response.getError();
    }

    private static ObjectNode completion(PromptRequest request, LlmResponse response) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", "chatcmpl-" + response.getRequestId());
        body.put("object", "chat.completion");
        body.put("created", response.getCompletedAt().getEpochSecond());
        body.put("model", response.getModel() != null ? response.getModel()
                : ChatRequestMapper.requestedModel(request).orElse(ModelDirectory.AUTO));
        body.putNull("system_fingerprint");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", response.getContent() == null ? "" : response.getContent());
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(response.getFinishReason()));
        TokenUsage usage = response.getUsage();
        ObjectNode tokens = body.putObject("usage");
        tokens.put("prompt_tokens", usage.getInputTokens());
        tokens.put("completion_tokens", usage.getOutputTokens());
        tokens.put("total_tokens", usage.getInputTokens() + usage.getOutputTokens());
        tokens.putObject("prompt_tokens_details").put("cached_tokens", usage.getCachedInputTokens());
        body.set("llm_router", routing(response));
        return body;
    }

    /**
     * The answer of an OK response as the chunks of an OpenAI stream ({@code chat.completion.chunk}): the
     * role and the whole content in one delta, then the finish reason, then, if asked, the usage with no
     * choices. The pipeline answers once the provider's whole answer is in, so there is nothing to send
     * earlier; a client that streams gets the same answer, in the shape it reads.
     */
    public static List<ObjectNode> chunks(PromptRequest request, LlmResponse response, boolean includeUsage) {
        ObjectNode whole = completion(request, response);
        ObjectNode message = (ObjectNode) whole.path("choices").path(0).path("message");
        ObjectNode content = chunk(whole);
        ObjectNode delta = content.putArray("choices").addObject().put("index", 0).putObject("delta");
        delta.put("role", "assistant").set("content", message.get("content"));
        ((ObjectNode) content.path("choices").path(0)).putNull("logprobs").putNull("finish_reason");
        ObjectNode finish = chunk(whole);
        finish.putArray("choices").addObject().put("index", 0).putObject("delta");
        ((ObjectNode) finish.path("choices").path(0)).putNull("logprobs").set("finish_reason", whole.path("choices").path(0).get("finish_reason"));
        List<ObjectNode> chunks = new ArrayList<>(List.of(content, finish));
        if (includeUsage) {
            ObjectNode usage = chunk(whole);
            usage.putArray("choices");
            usage.set("usage", whole.get("usage"));
            chunks.add(usage);
        }
        return chunks;
    }

    private static ObjectNode chunk(ObjectNode whole) {
        ObjectNode chunk = JsonNodeFactory.instance.objectNode();
        chunk.set("id", whole.get("id"));
        chunk.put("object", "chat.completion.chunk");
        chunk.set("created", whole.get("created"));
        chunk.set("model", whole.get("model"));
        chunk.set("system_fingerprint", whole.get("system_fingerprint"));
        chunk.set("llm_router", whole.get("llm_router"));
        return chunk;
    }

    /** OpenAI clients know four finish reasons; a provider's rarer one is reported as {@code stop}. */
    private static String finishReason(String reason) {
        return reason != null && OPENAI_FINISH_REASONS.contains(reason) ? reason : "stop";
    }

    private static ObjectNode routing(LlmResponse response) {
        ObjectNode routing = JsonNodeFactory.instance.objectNode();
        routing.put("request_id", response.getRequestId());
        routing.put("provider", response.getProvider());
        routing.put("model", response.getModel());
        routing.put("cost_usd", costUsd(response.getCostMicros()));
        routing.put("latency_ms", response.getLatencyMs());
        routing.put("attempts", response.getAttempts().size());
        RoutingDecision decision = response.getDecision();
        if (decision != null) {
            routing.put("tier", lower(decision.getTier()));
            routing.put("reason", lower(decision.getReason()));
            routing.put("reason_detail", decision.getReasonDetail());
            routing.put("policy_version", decision.getPolicyVersion());
        }
        if (response.getClassification() != null) {
            routing.put("complexity", lower(response.getClassification().getComplexity()));
            routing.put("task_type", lower(response.getClassification().getCategory()));
        }
        return routing;
    }

    static Map<String, String> routingHeaders(LlmResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(REQUEST_ID_HEADER, response.getRequestId());
        headers.put(STATUS_HEADER, lower(response.getStatus()));
        if (response.getModel() != null) {
            headers.put(MODEL_HEADER, response.getProvider() + "/" + response.getModel());
        }
        headers.put(COST_HEADER, costUsd(response.getCostMicros()).toPlainString());
        RoutingDecision decision = response.getDecision();
        if (decision != null) {
            headers.put(TIER_HEADER, lower(decision.getTier()));
            headers.put(REASON_HEADER, lower(decision.getReason()));
            headers.put(POLICY_VERSION_HEADER, decision.getPolicyVersion());
        }
        return headers;
    }

    private static BigDecimal costUsd(long micros) {
        BigDecimal usd = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }
}
