package dev.llmrouter.outcome;

import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.TokenUsage;
import java.time.Instant;
import java.util.List;

/** Responses that carry no answer: the request is invalid, refused, or failed everywhere. */
public final class Responses {

    private Responses() {
    }

    /** A response builder with the request's identity and timing filled in. */
    public static LlmResponse.Builder forRequest(PromptRequest request, Instant now) {
        Instant created = request.getCreatedAt() == null ? now : request.getCreatedAt();
        return LlmResponse.newBuilder()
                .setRequestId(request.getRequestId())
                .setUserId(request.getUserId())
                .setSessionId(request.getSessionId())
                .setTenant(request.getTenant())
                .setUsage(emptyUsage())
                .setAttempts(List.of())
                .setLatencyMs(Math.max(0, now.toEpochMilli() - created.toEpochMilli()))
                .setRequestCreatedAt(created)
                .setCompletedAt(now);
    }

    /** A response builder for a routed request: identity, timing, classification and decision filled in. */
    public static LlmResponse.Builder forDispatch(DispatchRecord dispatch, Instant now) {
        return forRequest(dispatch.getRequest(), now).setClassification(dispatch.getClassification()).setDecision(dispatch.getDecision());
    }

    public static LlmResponse invalid(PromptRequest request, String error, Instant now) {
        return forRequest(request, now).setStatus(ResponseStatus.INVALID).setError(error).build();
    }

    public static LlmResponse refused(PromptRequest request, Classification classification, RoutingDecision decision,
                                      String error, Instant now) {
        return forRequest(request, now).setStatus(ResponseStatus.REFUSED).setError(error)
                .setClassification(classification).setDecision(decision).build();
    }

    public static TokenUsage emptyUsage() {
        return TokenUsage.newBuilder().build();
    }
}
