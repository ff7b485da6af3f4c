package dev.llmrouter.analytics;

import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.schema.TokenUsage;
import java.time.Instant;

/** Responses carrying a routing decision, for analytics tests. */
final class Decisions {

    private Decisions() {
    }

    static LlmResponse response(String requestId, String content, Instant at) {
        return LlmResponse.newBuilder()
                .setRequestId(requestId).setUserId("ada").setStatus(ResponseStatus.OK).setContent(content)
                .setProvider("openai").setModel("cheap")
                .setUsage(new TokenUsage(10L, 5L, 0L, 0L))
                .setDecision(RoutingDecision.newBuilder().setPrimary(new ModelRef("openai", "cheap")).setTier(Tier.ECONOMY)
                        .setReason(RouteReason.POLICY).setReasonDetail("route 1 matched").setDecidedAt(at).build())
                .setCompletedAt(at)
                .build();
    }
}
