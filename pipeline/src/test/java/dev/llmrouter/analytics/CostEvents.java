package dev.llmrouter.analytics;

import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.CostReason;
import java.time.Instant;

/** Cost events for analytics tests. */
final class CostEvents {

    private CostEvents() {
    }

    static CostEvent of(String requestId, int attempt, String user, String provider, String model, long input, long output,
                        long cached, long costMicros, Instant at) {
        return CostEvent.newBuilder()
                .setRequestId(requestId).setAttempt(attempt).setUserId(user)
                .setProvider(provider).setModel(model)
                .setInputTokens(input).setOutputTokens(output).setCachedInputTokens(cached)
                .setCostMicros(costMicros).setPriceCatalogVersion("test")
                .setReason(CostReason.PRIMARY).setOutcome(AttemptOutcome.SUCCESS)
                .setRequestCreatedAt(at).setOccurredAt(at)
                .build();
    }
}
