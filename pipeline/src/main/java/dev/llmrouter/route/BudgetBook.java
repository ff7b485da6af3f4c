package dev.llmrouter.route;

import dev.llmrouter.route.BudgetHolder.Identity;
import dev.llmrouter.schema.BudgetState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The budget stores of one stream task, for the holders it owns: reads each holder's current state,
 * reserves, and settles (charges and releases) through {@link BudgetLedger}. Writes only what changed.
 */
final class BudgetBook {

    /** One holder that limits a request, with its state in the current period. */
    record Entry(BudgetHolder holder, String key, String label, Budget budget, BudgetState state) {

        HolderUsage usage() {
            return new HolderUsage(label, budget, state.getSpentMicros(), state.getReservedMicros());
        }
    }

    private final Map<BudgetHolder, KeyValueStore<String, BudgetState>> stores = new EnumMap<>(BudgetHolder.class);

    BudgetBook(ProcessorContext<?, ?> context, List<BudgetHolder> holders) {
        holders.forEach(holder -> stores.put(holder, context.getStateStore(holder.store())));
    }

    /** The holders whose budgets limit {@code who} under {@code policy}, in the current period. */
    List<Entry> entries(RoutingPolicy policy, Identity who, Instant now) {
        List<Entry> entries = new ArrayList<>();
        stores.forEach((holder, store) -> {
            Optional<String> key = holder.key(who);
            Optional<Budget> budget = holder.budget(policy, who);
            if (key.isPresent() && budget.isPresent()) {
                BudgetState state = BudgetLedger.current(store.get(key.get()), key.get(), budget.get().period(), now);
                entries.add(new Entry(holder, key.get(), holder.label(who), budget.get(), state));
            }
        });
        return entries;
    }

    void reserve(List<Entry> entries, String requestId, long micros, Instant now) {
        for (Entry entry : entries) {
            stores.get(entry.holder()).put(entry.key(), BudgetLedger.reserve(entry.state(), requestId, micros, now));
        }
    }

    /**
     * Settles a request: adds {@code chargeMicros} to every holder of {@code who} the policy limits (the caller
     * makes sure a request is charged once), and releases the request's reservation wherever one is open,
     * whatever the policy says now. One read and at most one write per holder.
     */
    void settle(RoutingPolicy policy, Identity who, String requestId, long chargeMicros, Instant now) {
        stores.forEach((holder, store) -> holder.key(who).ifPresent(key -> {
            BudgetState before = store.get(key);
            BudgetState state = before;
            Optional<Budget> budget = chargeMicros > 0 ? holder.budget(policy, who) : Optional.empty();
            if (budget.isPresent()) {
                state = BudgetLedger.charge(BudgetLedger.current(state, key, budget.get().period(), now), chargeMicros, now);
            }
            if (state != null) {
                state = BudgetLedger.release(state, requestId, now);
            }
            if (state != before) {
                store.put(key, state);
            }
        }));
    }
}
