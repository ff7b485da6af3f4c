package dev.llmrouter.route;

import dev.llmrouter.route.BudgetHolder.Identity;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.Reservation;
import dev.llmrouter.schema.RoutingDecision;
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
            return new HolderUsage(label, budget, state.getSpentMicros(), BudgetLedger.reservedMicros(state));
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

    /** Reserves {@code micros} with every holder in {@code entries}; returns what the decision must carry to release them. */
    List<Reservation> reserve(List<Entry> entries, long micros, Instant now) {
        List<Reservation> reservations = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            stores.get(entry.holder()).put(entry.key(), BudgetLedger.reserve(entry.state(), micros, now));
            reservations.add(new Reservation(entry.holder().kind(), micros, entry.state().getPeriodStart()));
        }
        return reservations;
    }

    /**
     * Settles a request: adds {@code chargeMicros} to every holder of {@code who} the policy limits (the caller
     * makes sure a request is charged once), and releases what {@code decision} says was reserved with each,
     * whatever the policy says now (the caller makes sure a reservation is released once). One read and at
     * most one write per holder.
     *
     * @param decision the request's decision, or null when it never had one
     */
    void settle(RoutingPolicy policy, Identity who, String requestId, RoutingDecision decision, long chargeMicros, Instant now) {
        // A decision of an older version lists no reservations: its holders' records may still list the request.
        boolean listsReservations = decision != null && !decision.getReservations().isEmpty();
        stores.forEach((holder, store) -> holder.key(who).ifPresent(key -> {
            Optional<Reservation> reserved = listsReservations
                    ? decision.getReservations().stream().filter(r -> r.getHolder() == holder.kind()).findFirst() : Optional.empty();
            Optional<Budget> budget = chargeMicros > 0 ? holder.budget(policy, who) : Optional.empty();
            if (reserved.isEmpty() && budget.isEmpty() && listsReservations) {
                return;
            }
            BudgetState before = store.get(key);
            BudgetState state = before;
            if (budget.isPresent()) {
                state = BudgetLedger.charge(BudgetLedger.current(state, key, budget.get().period(), now), chargeMicros, now);
            }
            if (state != null) {
                state = reserved.isPresent() ? BudgetLedger.release(state, reserved.get(), now)
                        : BudgetLedger.releaseListed(state, requestId, now);
            }
            if (state != before) {
                store.put(key, state);
            }
        }));
    }
}
