package dev.llmrouter.route;

import dev.llmrouter.route.BudgetHolder.Identity;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PolicyRecord;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Settles budgets in the task that owns the holders: a cost event charges its cost once per request
 * and attempt; a response releases the request's reservation, whatever its status.
 */
final class Settlement<V> implements Processor<String, V, Void, Void> {

    @FunctionalInterface
    private interface Action<V> {
        void apply(BudgetBook book, RoutingPolicy policy, V value, java.time.Instant now);
    }

    private final RouteServices shared;
    private final List<BudgetHolder> holders;
    private final Action<V> action;
    private BudgetBook book;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<PolicyRecord>> policyStore;

    private Settlement(RouteServices shared, List<BudgetHolder> holders, Action<V> action) {
        this.shared = shared;
        this.holders = holders;
        this.action = action;
    }

    static Settlement<CostEvent> charging(RouteServices shared, List<BudgetHolder> holders) {
        return new Settlement<>(shared, holders, (book, policy, event, now) -> book.charge(policy,
                new Identity(event.getUserId(), event.getSessionId(), event.getTenant()), event, now));
    }

    static Settlement<LlmResponse> releasing(RouteServices shared, List<BudgetHolder> holders) {
        return new Settlement<>(shared, holders, (book, policy, response, now) -> book.release(
                new Identity(response.getUserId(), response.getSessionId(), response.getTenant()), response.getRequestId(), now));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.book = new BudgetBook(context, holders);
        this.policyStore = RouteServices.policyStore(context);
    }

    @Override
    public void process(Record<String, V> record) {
        action.apply(book, shared.policy(policyStore), record.value(), shared.clock().instant());
    }
}
