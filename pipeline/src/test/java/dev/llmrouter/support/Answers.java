package dev.llmrouter.support;

import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptBilling;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.TokenUsage;
import java.time.Instant;
import java.util.List;

/** Responses as a worker writes them: every billed call carries its billing on its attempt. */
public final class Answers {

    private Answers() {
    }

    /** A successful call of {@code provider/model} that billed {@code costMicros} for these tokens at {@code at}. */
    public static Attempt call(int number, String provider, String model, long input, long output, long cached, long costMicros,
                               Instant at) {
        return Attempt.newBuilder().setAttempt(number).setTarget(new ModelRef(provider, model)).setReason(CostReason.PRIMARY)
                .setOutcome(AttemptOutcome.SUCCESS).setHttpStatus(200)
                .setBilling(AttemptBilling.newBuilder().setUsage(new TokenUsage(input, output, cached, 0L)).setCostMicros(costMicros)
                        .setOccurredAt(at).build())
                .build();
    }

    /** {@code user}'s request answered by {@code calls}, created and answered at {@code at}; its cost is theirs. */
    public static LlmResponse.Builder of(String requestId, String user, Instant at, Attempt... calls) {
        return LlmResponse.newBuilder().setRequestId(requestId).setUserId(user).setStatus(ResponseStatus.OK)
                .setUsage(new TokenUsage(0L, 0L, 0L, 0L))
                .setAttempts(List.of(calls))
                .setCostMicros(List.of(calls).stream().mapToLong(call -> call.getBilling() == null ? 0 : call.getBilling().getCostMicros()).sum())
                .setRequestCreatedAt(at)
                .setCompletedAt(at);
    }

    /** {@code user}'s request answered by one call of openai/cheap that billed {@code micros}. */
    public static LlmResponse answered(String user, String requestId, long micros, Instant at) {
        return of(requestId, user, at, call(1, "openai", "cheap", 0, 0, 0, micros, at)).build();
    }
}
