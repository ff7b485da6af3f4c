package dev.llmrouter.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrouter.http.WebRequest;
import dev.llmrouter.http.WebResponse;
import dev.llmrouter.http.WebServer;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.RoutingDecision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /api/decisions/recent?limit=N}: the newest routing decisions with their reasons and
 * outcomes, from every instance's {@value RecentDecisionsStage#STORE}.
 */
public final class DecisionRoutes {

    private final StateQueries queries;

    public DecisionRoutes(StateQueries queries) {
        this.queries = queries;
    }

    /**
     * One request's routing as the API shows it.
     *
     * @param chain       the decision's models, primary first
     * @param answeredBy  provider/model of the answer, or null
     * @param callsMade   provider calls made (skipped open circuits excluded)
     */
    public record DecisionJson(String requestId, String userId, String status, String tier, String reason, String reasonDetail,
                               List<String> chain, String answeredBy, int callsMade, long costMicros, String costUsd,
                               long latencyMs, String complexity, String category, String policyVersion, String error,
                               String completedAt) {
    }

    public void register(WebServer web) {
        web.get("/api/decisions/recent", this::recent);
    }

    private WebResponse recent(WebRequest request) throws InterruptedException {
        int limit = request.intQuery("limit", 50, 1, 1_000);
        List<DecisionJson> decisions = new ArrayList<>();
        ReadOnlyKeyValueStore<Integer, LlmResponse> store = queries.local(RecentDecisionsStage.STORE, QueryableStoreTypes.keyValueStore());
        try (KeyValueIterator<Integer, LlmResponse> all = store.all()) {
            all.forEachRemaining(slot -> decisions.add(json(slot.value)));
        }
        if (!StateQueries.localOnly(request)) {
            for (JsonNode part : queries.othersLocal(request)) {
                for (JsonNode entry : part.path("decisions")) {
                    decisions.add(WebResponse.MAPPER.convertValue(entry, DecisionJson.class));
                }
            }
        }
        decisions.sort(Comparator.comparing(DecisionJson::completedAt).reversed());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decisions", decisions.subList(0, Math.min(limit, decisions.size())));
        return WebResponse.json(body);
    }

    static DecisionJson json(LlmResponse response) {
        RoutingDecision decision = response.getDecision();
        List<String> chain = new ArrayList<>();
        if (decision != null) {
            chain.add(decision.getPrimary().getProvider() + "/" + decision.getPrimary().getModel());
            decision.getFallbacks().forEach(model -> chain.add(model.getProvider() + "/" + model.getModel()));
        }
        int calls = (int) response.getAttempts().stream().filter(a -> a.getOutcome() != AttemptOutcome.CIRCUIT_OPEN).count();
        return new DecisionJson(response.getRequestId(), response.getUserId(), response.getStatus().name(),
                decision == null ? null : decision.getTier().name(),
                decision == null ? null : decision.getReason().name(),
                decision == null ? null : decision.getReasonDetail(),
                chain,
                response.getProvider() == null ? null : response.getProvider() + "/" + response.getModel(),
                calls, response.getCostMicros(), Usd.of(response.getCostMicros()), response.getLatencyMs(),
                response.getClassification() == null ? null : response.getClassification().getComplexity().name(),
                response.getClassification() == null ? null : response.getClassification().getCategory().name(),
                decision == null ? null : decision.getPolicyVersion(),
                response.getError(), response.getCompletedAt().toString());
    }
}
