package dev.llmrouter.route;

import dev.llmrouter.quality.QualityFeedback;
import dev.llmrouter.route.BudgetHolder.Identity;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PolicyRecord;
import dev.llmrouter.schema.RoutingDecision;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Settles each request from its response, in the task that owns the budget holders: the first response
 * to a request charges what its attempts billed (the response's cost, the sum of its attempts' billing) to
 * every holder the policy limits, and releases what its decision reserved with each holder, whatever its
 * status, in one write per holder. A repeated response (a redelivered dispatch answered twice) is
 * recognised by request id ({@link SettledRequests}) and changes nothing.
 *
 * <p>In the user-partitioned tasks the first response also tells the prompt-cache store which models its
 * calls warmed and, under a selecting policy, moves the quality estimates; it is then passed on, so the
 * spend aggregates downstream count each request once.
 */
final class Settlement implements Processor<String, LlmResponse, String, LlmResponse> {

    private final RouteServices shared;
    private final List<BudgetHolder> holders;
    private final String settledStore;
    private final boolean userTask;
    private ProcessorContext<String, LlmResponse> context;
    private BudgetBook budgets;
    private SettledRequests settled;
    private CacheFeedback caches;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<PolicyRecord>> policyStore;

    private Settlement(RouteServices shared, List<BudgetHolder> holders, String settledStore, boolean userTask) {
        this.shared = shared;
        this.holders = holders;
        this.settledStore = settledStore;
        this.userTask = userTask;
    }

    /** Users and sessions, the prompt cache and the quality estimates; passes first deliveries on. */
    static Settlement ofUsers(RouteServices shared) {
        return new Settlement(shared, List.of(BudgetHolder.USER, BudgetHolder.SESSION), RouteStage.SETTLED_STORE, true);
    }

    /** Tenants, in the tasks their responses are repartitioned to; passes nothing on. */
    static Settlement ofTenants(RouteServices shared) {
        return new Settlement(shared, List.of(BudgetHolder.TENANT), RouteStage.TENANT_SETTLED_STORE, false);
    }

    @Override
    public void init(ProcessorContext<String, LlmResponse> context) {
        this.context = context;
        this.budgets = new BudgetBook(context, holders);
        this.settled = new SettledRequests(context, settledStore);
        this.policyStore = RouteServices.policyStore(context);
        if (userTask) {
            this.caches = new CacheFeedback(context.getStateStore(RouteStage.CACHE_STORE));
        }
    }

    @Override
    public void process(Record<String, LlmResponse> record) {
        LlmResponse response = record.value();
        if (response == null) {
            return;
        }
        RoutingDecision decision = response.getDecision();
        // A request that made no call and reserved nothing (refused at a gate, invalid) has nothing to settle; a
        // repeated response (a redelivered dispatch answered twice) neither charges nor releases again.
        boolean settles = !response.getAttempts().isEmpty() || decision != null && !decision.getReservations().isEmpty();
        if (!settles || !settled.first(response)) {
            return;
        }
        RoutingPolicy policy = shared.policy(policyStore);
        Instant now = shared.clock().instant();
        Identity who = new Identity(response.getUserId(), response.getSessionId(), response.getTenant());
        budgets.settle(policy, who, response.getRequestId(), decision, response.getCostMicros(), now);
        if (userTask) {
            caches.observe(response, policy.cache(), now.toEpochMilli());
            if (policy.selection() != null) {
                QualityFeedback.observe(shared.router().costAware().selector().qualities(), response);
            }
            context.forward(record);
        }
    }
}
