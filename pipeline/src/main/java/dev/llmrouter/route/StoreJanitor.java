package dev.llmrouter.route;

import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.CacheStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the short-lived stores from growing without bound: sessions of past periods with nothing in
 * flight, and prompt prefixes no provider holds warm any more, are deleted (and so tombstoned in the
 * changelog). Users and tenants are kept: they come back.
 */
final class StoreJanitor {

    private final KeyValueStore<String, BudgetState> sessions;
    private final KeyValueStore<String, CacheStatus> caches;

    StoreJanitor(KeyValueStore<String, BudgetState> sessions, KeyValueStore<String, CacheStatus> caches) {
        this.sessions = sessions;
        this.caches = caches;
    }

    void sweep(RoutingPolicy policy, Instant now) {
        Budget.Period period = policy.budgets().sessionBudget().map(Budget::period).orElse(Budget.Period.DAY);
        Instant periodStart = BudgetLedger.periodStart(period, now);
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, BudgetState> all = sessions.all()) {
            while (all.hasNext()) {
                KeyValue<String, BudgetState> entry = all.next();
                if (entry.value.getPeriodStart().isBefore(periodStart) && BudgetLedger.reservedMicros(entry.value) == 0
                        && entry.value.getOpenReservations().isEmpty()) {
                    stale.add(entry.key);
                }
            }
        }
        stale.forEach(sessions::delete);
        List<String> cold = new ArrayList<>();
        try (KeyValueIterator<String, CacheStatus> all = caches.all()) {
            while (all.hasNext()) {
                KeyValue<String, CacheStatus> entry = all.next();
                if (entry.value.getWarmUntil().values().stream().allMatch(until -> until <= now.toEpochMilli())) {
                    cold.add(entry.key);
                }
            }
        }
        cold.forEach(caches::delete);
    }
}
