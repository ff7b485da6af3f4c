package dev.llmrouter.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrouter.http.WebRequest;
import dev.llmrouter.http.WebResponse;
import dev.llmrouter.http.WebServer;
import dev.llmrouter.route.Budget;
import dev.llmrouter.route.BudgetLedger;
import dev.llmrouter.route.RouteStage;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.schema.BudgetState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The budget endpoints, over the route stage's {@value RouteStage#BUDGET_STORE}:
 * {@code GET /api/budgets/{holder}} (answered by the instance holding the holder's budget) and
 * {@code GET /api/budgets?top=N}, the holders closest to their limit across all instances. Spend of a
 * past period reads as zero, as the route stage would see it.
 */
public final class BudgetRoutes {

    private static final Comparator<BudgetJson> NEAREST_LIMIT_FIRST =
            Comparator.comparingDouble(BudgetJson::usage).reversed().thenComparing(BudgetJson::holder);

    private final StateQueries queries;
    private final Supplier<RoutingPolicy> policy;

    public BudgetRoutes(StateQueries queries, Supplier<RoutingPolicy> policy) {
        this.queries = queries;
        this.policy = policy;
    }

    /**
     * A holder's budget as the API shows it.
     *
     * @param usage (spent + reserved) / limit: 1.0 is the limit
     */
    public record BudgetJson(String holder, String period, String periodStart, long limitMicros, long spentMicros,
                             long reservedMicros, String limitUsd, String spentUsd, String reservedUsd, double usage, long requests,
                             String updatedAt) {
    }

    public void register(WebServer web) {
        web.get("/api/budgets/{holder}", this::one);
        web.get("/api/budgets", this::top);
    }

    private WebResponse one(WebRequest request) throws InterruptedException {
        String holder = request.pathParameter("holder");
        HostInfo owner = queries.ownerOf(RouteStage.BUDGET_STORE, holder);
        if (!queries.answerHere(owner, request)) {
            return queries.forward(owner, request);
        }
        BudgetState state = store().get(holder);
        return WebResponse.json(json(holder, state, Instant.now()))
                .withHeader(StateQueries.SERVED_BY, StateQueries.address(queries.self()));
    }

    private WebResponse top(WebRequest request) throws InterruptedException {
        int top = request.intQuery("top", 10, 1, 1_000);
        Instant now = Instant.now();
        List<BudgetJson> budgets = new ArrayList<>();
        try (KeyValueIterator<String, BudgetState> all = store().all()) {
            while (all.hasNext()) {
                KeyValue<String, BudgetState> next = all.next();
                budgets.add(json(next.key, next.value, now));
            }
        }
        // Each instance's top N holds the overall top N; the count of holders adds up.
        int holders = budgets.size();
        if (!StateQueries.localOnly(request)) {
            for (JsonNode part : queries.othersLocal(request)) {
                holders += part.path("holders").asInt();
                for (JsonNode entry : part.path("budgets")) {
                    budgets.add(WebResponse.MAPPER.convertValue(entry, BudgetJson.class));
                }
            }
        }
        budgets.sort(NEAREST_LIMIT_FIRST);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("holders", holders);
        body.put("budgets", budgets.subList(0, Math.min(top, budgets.size())));
        return WebResponse.json(body);
    }

    private ReadOnlyKeyValueStore<String, BudgetState> store() {
        return queries.local(RouteStage.BUDGET_STORE, QueryableStoreTypes.keyValueStore());
    }

    private BudgetJson json(String holder, BudgetState stored, Instant now) {
        Budget budget = policy.get().budgetOf(holder);
        BudgetState state = BudgetLedger.current(stored, holder, budget.period(), now);
        long reserved = BudgetLedger.reservedMicros(state);
        long committed = state.getSpentMicros() + reserved;
        double usage = budget.limitMicros() <= 0 ? (committed > 0 ? 1.0 : 0.0) : (double) committed / budget.limitMicros();
        return new BudgetJson(holder, budget.period().name().toLowerCase(Locale.ROOT), state.getPeriodStart().toString(),
                budget.limitMicros(), state.getSpentMicros(), reserved, Usd.of(budget.limitMicros()),
                Usd.of(state.getSpentMicros()), Usd.of(reserved), usage, state.getRequests(),
                state.getUpdatedAt().toString());
    }
}
