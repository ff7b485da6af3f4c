package dev.llmrouter.route;

import dev.llmrouter.route.BudgetHolder.Identity;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.PolicyRecord;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RoutingDecision;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Checks a request against its tenant's budget in the task that owns the tenant (requests arrive
 * repartitioned by tenant): caps the decision by the tenant's downgrade ladder, refuses at the hard
 * limit, else reserves the estimate and dispatches, keyed by user id again.
 */
final class TenantGate implements Processor<String, DispatchRecord, String, RouteStage.Outcome> {

    private final RouteServices shared;
    private ProcessorContext<String, RouteStage.Outcome> context;
    private BudgetBook budgets;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<PolicyRecord>> policyStore;

    TenantGate(RouteServices shared) {
        this.shared = shared;
    }

    @Override
    public void init(ProcessorContext<String, RouteStage.Outcome> context) {
        this.context = context;
        this.budgets = new BudgetBook(context, List.of(BudgetHolder.TENANT));
        this.policyStore = RouteServices.policyStore(context);
    }

    @Override
    public void process(Record<String, DispatchRecord> record) {
        DispatchRecord dispatch = record.value();
        PromptRequest request = dispatch.getRequest();
        Instant now = shared.clock().instant();
        RoutingPolicy policy = shared.policy(policyStore);
        List<BudgetBook.Entry> entries = budgets.entries(policy, new Identity(request.getUserId(), request.getSessionId(),
                request.getTenant()), now);
        RoutingDecision decision = shared.router().recap(dispatch, policy, entries.stream().map(BudgetBook.Entry::usage).toList(), now);
        RouteStage.Outcome outcome = BudgetGate.admit(shared, budgets, entries, request, dispatch.getClassification(), decision, now,
                passed -> {
                    shared.metrics().routed(decision);
                    return new RouteStage.Outcome.Routed(passed);
                });
        context.forward(record.withKey(request.getUserId()).withValue(outcome));
    }
}
