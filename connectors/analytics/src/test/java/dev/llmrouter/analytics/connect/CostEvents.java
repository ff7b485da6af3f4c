package dev.llmrouter.analytics.connect;

import dev.llmrouter.pricing.ModelPrice;
import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.CostReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cost events as workers write them: per request one or two attempts (a failed primary and its fallback, or a
 * speculative cheap answer and its escalation), priced from the bundled catalog.
 */
final class CostEvents {

    static final PriceCatalog CATALOG = PriceCatalog.load();
    static final Instant DAY_ONE = Instant.parse("2026-11-20T09:00:00Z");
    private static final String[][] MODELS = {
            {"openai", "gpt-5-mini"}, {"gemini", "gemini-2.5-flash-lite"}, {"openai", "gpt-5"}, {"deepseek", "deepseek-chat"}};

    private CostEvents() {
    }

    /** The events of {@code count} requests numbered from {@code first}, with ids prefixed by {@code prefix}. */
    static List<CostEvent> requests(String prefix, int first, int count) {
        List<CostEvent> events = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            String requestId = prefix + "-" + n;
            String user = "user-" + (n % 5);
            Instant created = DAY_ONE.plusSeconds(n * 3_600L);
            switch (n % 4) {
                case 0 -> events.add(event(requestId, 1, user, n, CostReason.PRIMARY, AttemptOutcome.SUCCESS, created));
                case 1 -> {
                    events.add(event(requestId, 1, user, n, CostReason.PRIMARY, AttemptOutcome.UNAVAILABLE, created));
                    events.add(event(requestId, 2, user, n + 1, CostReason.FALLBACK, AttemptOutcome.SUCCESS, created));
                }
                case 2 -> {
                    events.add(event(requestId, 1, user, n, CostReason.SPECULATIVE, AttemptOutcome.SUCCESS, created));
                    events.add(event(requestId, 2, user, 2, CostReason.ESCALATION, AttemptOutcome.SUCCESS, created));
                }
                default -> events.add(event(requestId, 1, user, n, CostReason.PRIMARY, AttemptOutcome.SUCCESS, created));
            }
        }
        return events;
    }

    private static CostEvent event(String requestId, int attempt, String user, int modelIndex, CostReason reason,
                                   AttemptOutcome outcome, Instant created) {
        String[] model = MODELS[Math.floorMod(modelIndex, MODELS.length)];
        ModelPrice price = CATALOG.price(model[0], model[1]).orElseThrow();
        long input = 400 + (requestId.hashCode() & 0x3ff);
        long output = outcome == AttemptOutcome.SUCCESS ? 150 + attempt * 25L : 0;
        return CostEvent.newBuilder()
                .setRequestId(requestId)
                .setAttempt(attempt)
                .setUserId(user)
                .setSessionId(attempt == 1 ? "session-" + user : null)
                .setTenant("acme")
                .setProvider(model[0])
                .setModel(model[1])
                .setInputTokens(input)
                .setOutputTokens(output)
                .setCostMicros(price.estimateCostMicros(input, output))
                .setPriceCatalogVersion(CATALOG.version())
                .setReason(reason)
                .setOutcome(outcome)
                .setPolicyVersion("test-policy")
                .setEstimatedCostMicros(price.estimateCostMicros(input, 512))
                .setRequestCreatedAt(created)
                .setOccurredAt(created.plusMillis(800L * attempt))
                .build();
    }
}
