package dev.llmrouter.outcome;

import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptBilling;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.RoutingDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a response's request cost, call by call: the attempts that carry a {@link AttemptBilling}. A worker
 * writes one {@link CostEvent} per billed attempt, derived here from the response it writes with them, so
 * the response and its cost events always agree, and a stage that reads the response alone settles the
 * request's spend exactly.
 */
public final class BilledAttempts {

    private BilledAttempts() {
    }

    /** The attempts the provider billed, in attempt order. */
    public static List<Attempt> of(LlmResponse response) {
        List<Attempt> billed = new ArrayList<>(1);
        for (Attempt attempt : response.getAttempts()) {
            if (attempt.getBilling() != null) {
                billed.add(attempt);
            }
        }
        return billed;
    }

    /** One cost event per billed attempt of {@code response}, priced by the catalog of {@code catalogVersion}. */
    public static List<CostEvent> costEvents(LlmResponse response, String catalogVersion) {
        List<Attempt> billed = of(response);
        List<CostEvent> events = new ArrayList<>(billed.size());
        RoutingDecision decision = response.getDecision();
        for (Attempt attempt : billed) {
            AttemptBilling billing = attempt.getBilling();
            events.add(CostEvent.newBuilder()
                    .setRequestId(response.getRequestId())
                    .setAttempt(attempt.getAttempt())
                    .setUserId(response.getUserId())
                    .setSessionId(response.getSessionId())
                    .setTenant(response.getTenant())
                    .setProvider(attempt.getTarget().getProvider())
                    .setModel(attempt.getTarget().getModel())
                    .setInputTokens(billing.getUsage().getInputTokens())
                    .setOutputTokens(billing.getUsage().getOutputTokens())
                    .setCachedInputTokens(billing.getUsage().getCachedInputTokens())
                    .setCacheWriteTokens(billing.getUsage().getCacheWriteTokens())
                    .setCostMicros(billing.getCostMicros())
                    .setPriceCatalogVersion(catalogVersion)
                    .setReason(attempt.getReason())
                    .setOutcome(attempt.getOutcome())
                    .setPolicyVersion(decision == null ? "" : decision.getPolicyVersion())
                    .setEstimatedCostMicros(decision == null ? 0 : decision.getEstimatedCostMicros())
                    .setCacheKey(billing.getCacheKey())
                    .setRequestCreatedAt(requestCreatedAt(response))
                    .setOccurredAt(billing.getOccurredAt())
                    .build());
        }
        return events;
    }

    /**
     * When the response's request was created: the same for every response to it, so a repeat is recognised by
     * it. Responses written before the field existed give it through their latency.
     */
    public static Instant requestCreatedAt(LlmResponse response) {
        return response.getRequestCreatedAt() != null ? response.getRequestCreatedAt()
                : response.getCompletedAt().minusMillis(response.getLatencyMs());
    }
}
