package dev.llmrouter.route;

import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.serde.AvroRecords;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * The arithmetic of a budget holder's spend, on {@link BudgetState} values: reserve a routed request's
 * estimate, charge what its calls billed and release the reservation when the request is answered.
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
            BudgetState next = copy(state, now);
            next.setPeriodStart(periodStart);
            next.setSpentMicros(0);
            next.setRequests(0);
            return next;
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
        BudgetState next = copy(state, now);
        next.setOpenReservations(open);
        next.setReservedMicros(reserved);
        next.setRequests(state.getRequests() + (previous == null ? 1 : 0));
        return next;
    }

    /**
     * Adds what a request's calls billed. Charging each request once is the caller's part: the route stage
     * remembers settled requests per task, not per holder (see {@code SettledRequests}).
     */
    public static BudgetState charge(BudgetState state, long costMicros, Instant now) {
        BudgetState next = copy(state, now);
        next.setSpentMicros(state.getSpentMicros() + costMicros);
        return next;
    }

    /** Drops the request's reservation: its real cost is charged from its response. */
    public static BudgetState release(BudgetState state, String requestId, Instant now) {
        Long reserved = state.getOpenReservations().get(requestId);
        if (reserved == null) {
            return state;
        }
        Map<String, Long> open = new HashMap<>(state.getOpenReservations());
        open.remove(requestId);
        BudgetState next = copy(state, now);
        next.setOpenReservations(open);
        next.setReservedMicros(Math.max(0, state.getReservedMicros() - reserved));
        return next;
    }

    /**
     * A new state sharing the old one's parts (which are never changed, only replaced), updated at {@code now}:
     * the generated builder deep-copied the reservations map on every reserve, charge and release, for a map
     * that reserve and release replace anyway.
     */
    private static BudgetState copy(BudgetState state, Instant now) {
        BudgetState next = AvroRecords.shallowCopy(state, new BudgetState());
        next.setUpdatedAt(now);
        return next;
    }

    static Instant periodStart(Budget.Period period, Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = period == Budget.Period.MONTH ? day.withDayOfMonth(1) : day;
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
