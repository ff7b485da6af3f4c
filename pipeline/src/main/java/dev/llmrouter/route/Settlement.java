package dev.llmrouter.route;

import dev.llmrouter.outcome.CountedAttempts;
import dev.llmrouter.route.BudgetHolder.Identity;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PolicyRecord;
import java.time.Instant;
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

    /** What settling one record does, with the stores of the task bound. */
    @FunctionalInterface
    private interface Action<V> {
        void apply(RoutingPolicy policy, V value, Instant now);
    }

    @FunctionalInterface
    private interface Binding<V> {
        Action<V> bind(ProcessorContext<Void, Void> context, BudgetBook book);
    }

    private final RouteServices shared;
    private final List<BudgetHolder> holders;
    private final Binding<V> binding;
    private Action<V> action;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<PolicyRecord>> policyStore;

    private Settlement(RouteServices shared, List<BudgetHolder> holders, Binding<V> binding) {
        this.shared = shared;
        this.holders = holders;
        this.binding = binding;
    }

    /**
     * Charges a cost event to every holder the policy limits, unless {@code countedStore} says this
     * request and attempt was charged before. The check, the charges and the record of the attempt are
     * writes of one task, so they commit together.
     */
    static Settlement<CostEvent> charging(RouteServices shared, List<BudgetHolder> holders, String countedStore) {
        return new Settlement<>(shared, holders, (context, book) -> {
            CountedAttempts counted = new CountedAttempts(context, countedStore);
            return (policy, event, now) -> {
                List<BudgetBook.Entry> entries = book.entries(policy,
                        new Identity(event.getUserId(), event.getSessionId(), event.getTenant()), now);
                if (entries.isEmpty() || counted.counted(event)) {
                    return;
                }
                book.charge(entries, event, now);
                counted.remember(event);
            };
        });
    }

    static Settlement<LlmResponse> releasing(RouteServices shared, List<BudgetHolder> holders) {
        return new Settlement<>(shared, holders, (context, book) -> (policy, response, now) -> book.release(
                new Identity(response.getUserId(), response.getSessionId(), response.getTenant()), response.getRequestId(), now));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.action = binding.bind(context, new BudgetBook(context, holders));
        this.policyStore = RouteServices.policyStore(context);
    }

    @Override
    public void process(Record<String, V> record) {
        action.apply(shared.policy(policyStore), record.value(), shared.clock().instant());
    }
}
