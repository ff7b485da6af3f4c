package dev.llmrouter.route;

import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.CostEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * The arithmetic of a budget holder's spend, on {@link BudgetState} values: reserve a routed request's
 * estimate, charge each billed attempt, release the reservation when the request is answered.
 * Pure functions; the route stage stores the results.
 */
public final class BudgetLedger {

    private BudgetLedger() {
    }

    /** The holder's state in the period that contains {@code now}; spend starts over in a new period. */
    public static BudgetState current(BudgetState state, String holder, Budget.Period period, Instant now) {
        Instant periodStart = periodStart(period, now);
        if (state == null) {
            return BudgetState.newBuilder().setHolder(holder).setPeriodStart(periodStart).setUpdatedAt(now).build();
        }
        if (state.getPeriodStart().isBefore(periodStart)) {
            // Open reservations belong to requests still in flight: they carry over into the new period.
            return BudgetState.newBuilder(state).setPeriodStart(periodStart).setSpentMicros(0).setRequests(0).setUpdatedAt(now).build();
        }
        return state;
    }

    /** True when committing {@code estimateMicros} more would pass the limit. */
    public static boolean wouldExceed(BudgetState state, long limitMicros, long estimateMicros) {
        return state.getSpentMicros() + state.getReservedMicros() + estimateMicros > limitMicros;
    }

    public static BudgetState reserve(BudgetState state, String requestId, long micros, Instant now) {
        Map<String, Long> open = new HashMap<>(state.getOpenReservations());
        Long previous = open.put(requestId, micros);
        long reserved = state.getReservedMicros() + micros - (previous == null ? 0 : previous);
        return BudgetState.newBuilder(state).setOpenReservations(open).setReservedMicros(reserved)
                .setRequests(state.getRequests() + (previous == null ? 1 : 0)).setUpdatedAt(now).build();
    }

    /**
     * Adds the event's cost. Charging once per request and attempt is the caller's part: the route stage
     * remembers charged attempts per task, not per holder (see {@code CountedAttempts}).
     */
    public static BudgetState charge(BudgetState state, CostEvent event, Instant now) {
        return BudgetState.newBuilder(state).setSpentMicros(state.getSpentMicros() + event.getCostMicros()).setUpdatedAt(now).build();
    }

    /** Drops the request's reservation: its real cost arrives, or arrived, as cost events. */
    public static BudgetState release(BudgetState state, String requestId, Instant now) {
        Long reserved = state.getOpenReservations().get(requestId);
        if (reserved == null) {
            return state;
        }
        Map<String, Long> open = new HashMap<>(state.getOpenReservations());
        open.remove(requestId);
        return BudgetState.newBuilder(state).setOpenReservations(open)
                .setReservedMicros(Math.max(0, state.getReservedMicros() - reserved)).setUpdatedAt(now).build();
    }

    static Instant periodStart(Budget.Period period, Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = period == Budget.Period.MONTH ? day.withDayOfMonth(1) : day;
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
