package dev.llmrouter.route;

import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.Reservation;
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
 *
 * <p>A holder's record is a few numbers, whatever the number of its requests in flight: the routing
 * decision names what was reserved with each holder ({@link Reservation}), and the response that carries
 * the decision releases exactly that. (Until session 11 the record kept every open request's id and
 * estimate, so a user with a thousand requests queued made every reserve and release decode, copy and
 * encode a thousand entries.) Reservations of a past period move to {@code carriedReservedMicros} when a
 * new period starts, and are dropped when that one ends: a request that is never answered, or one
 * reserved twice when an at-least-once replay routes it again, cannot hold budget for longer.
 */
public final class BudgetLedger {

    private BudgetLedger() {
    }

    /**
     * The holder's state in the period that contains {@code now}: spend starts over in a new period, and what
     * was reserved in the one just ended is carried over, since those requests may still be answered.
     */
    public static BudgetState current(BudgetState state, String holder, Budget.Period period, Instant now) {
        Instant periodStart = periodStart(period, now);
        if (state == null) {
            return BudgetState.newBuilder().setHolder(holder).setPeriodStart(periodStart).setUpdatedAt(now).build();
        }
        if (state.getPeriodStart().isBefore(periodStart)) {
            BudgetState next = copy(state, now);
            next.setPeriodStart(periodStart);
            next.setSpentMicros(0);
            next.setRequests(0);
            boolean previous = state.getPeriodStart().equals(periodStart(period, periodStart.minusMillis(1)));
            next.setCarriedReservedMicros(previous ? state.getReservedMicros() : 0);
            next.setReservedMicros(0);
            return next;
        }
        return state;
    }

    /** Estimates of the holder's requests in flight, this period's and those carried over from the last. */
    public static long reservedMicros(BudgetState state) {
        return state.getReservedMicros() + state.getCarriedReservedMicros();
    }

    /** True when committing {@code estimateMicros} more would pass the limit. */
    public static boolean wouldExceed(BudgetState state, long limitMicros, long estimateMicros) {
        return state.getSpentMicros() + reservedMicros(state) + estimateMicros > limitMicros;
    }

    /** Adds a routed request's estimate to the reservations of {@code state}'s period. */
    public static BudgetState reserve(BudgetState state, long micros, Instant now) {
        BudgetState next = copy(state, now);
        next.setReservedMicros(state.getReservedMicros() + micros);
        next.setRequests(state.getRequests() + 1);
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

    /**
     * Takes back what was reserved for an answered request, from the period it was reserved in: this one, or
     * the previous one (carried over); a reservation older than that was dropped already.
     */
    public static BudgetState release(BudgetState state, Reservation reservation, Instant now) {
        BudgetState next = copy(state, now);
        if (reservation.getPeriodStart().equals(state.getPeriodStart())) {
            next.setReservedMicros(Math.max(0, state.getReservedMicros() - reservation.getMicros()));
        } else if (reservation.getPeriodStart().isBefore(state.getPeriodStart())) {
            next.setCarriedReservedMicros(Math.max(0, state.getCarriedReservedMicros() - reservation.getMicros()));
        } else {
            return state;
        }
        return next;
    }

    /**
     * Releases a request reserved by a version that listed open requests in the record instead of in the
     * decision; a no-op for every other request.
     */
    public static BudgetState releaseListed(BudgetState state, String requestId, Instant now) {
        Long reserved = state.getOpenReservations().get(requestId);
        if (reserved == null) {
            return state;
        }
        Map<String, Long> open = new HashMap<>(state.getOpenReservations());
        open.remove(requestId);
        BudgetState next = copy(state, now);
        next.setOpenReservations(open);
        long fromCarried = Math.min(reserved, state.getCarriedReservedMicros());
        next.setCarriedReservedMicros(state.getCarriedReservedMicros() - fromCarried);
        next.setReservedMicros(Math.max(0, state.getReservedMicros() - (reserved - fromCarried)));
        return next;
    }

    /**
     * A new state sharing the old one's parts (which are never changed, only replaced), updated at {@code now}:
     * the generated builder deep-copies every field.
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
