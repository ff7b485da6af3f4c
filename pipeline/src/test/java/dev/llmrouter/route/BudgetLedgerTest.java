package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.schema.BudgetHolderKind;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {

    private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void shouldStartANewPeriodWithNoSpendButCarryTheReservationsOfTheLastOne() {
        BudgetState yesterday = BudgetLedger.reserve(
                BudgetLedger.current(null, "ada", Budget.Period.DAY, NOON.minus(DAY)), 40, NOON.minus(DAY));
        yesterday = BudgetState.newBuilder(yesterday).setSpentMicros(900).build();

        BudgetState today = BudgetLedger.current(yesterday, "ada", Budget.Period.DAY, NOON);

        assertThat(today.getSpentMicros()).isZero();
        assertThat(today.getReservedMicros()).isZero();
        assertThat(today.getCarriedReservedMicros()).isEqualTo(40);
        assertThat(BudgetLedger.reservedMicros(today)).isEqualTo(40);
        assertThat(today.getPeriodStart()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void shouldDropReservationsCarriedForAWholePeriod() {
        BudgetState dayBefore = BudgetLedger.reserve(
                BudgetLedger.current(null, "ada", Budget.Period.DAY, NOON.minus(DAY.multipliedBy(2))), 40, NOON);
        BudgetState yesterday = BudgetLedger.reserve(BudgetLedger.current(dayBefore, "ada", Budget.Period.DAY, NOON.minus(DAY)), 7, NOON);

        BudgetState today = BudgetLedger.current(yesterday, "ada", Budget.Period.DAY, NOON);

        // The day before's 40 was never released: that request will not be answered now.
        assertThat(BudgetLedger.reservedMicros(today)).isEqualTo(7);
    }

    @Test
    void shouldDropEverythingReservedWhenWholePeriodsPassedInBetween() {
        BudgetState lastWeek = BudgetLedger.reserve(BudgetLedger.current(null, "ada", Budget.Period.DAY, NOON.minus(DAY.multipliedBy(7))), 40, NOON);

        assertThat(BudgetLedger.reservedMicros(BudgetLedger.current(lastWeek, "ada", Budget.Period.DAY, NOON))).isZero();
    }

    @Test
    void shouldReleaseFromThePeriodTheReservationWasMadeIn() {
        BudgetState yesterday = BudgetLedger.reserve(BudgetLedger.current(null, "ada", Budget.Period.DAY, NOON.minus(DAY)), 40, NOON);
        BudgetState today = BudgetLedger.reserve(BudgetLedger.current(yesterday, "ada", Budget.Period.DAY, NOON), 25, NOON);

        BudgetState released = BudgetLedger.release(today, reservation(40, yesterday.getPeriodStart()), NOON);

        assertThat(released.getCarriedReservedMicros()).isZero();
        assertThat(released.getReservedMicros()).isEqualTo(25);
        assertThat(BudgetLedger.release(released, reservation(25, today.getPeriodStart()), NOON).getReservedMicros()).isZero();
    }

    @Test
    void shouldNeverReleaseBelowZero() {
        BudgetState state = BudgetLedger.reserve(BudgetLedger.current(null, "ada", Budget.Period.DAY, NOON), 10, NOON);

        assertThat(BudgetLedger.release(state, reservation(25, state.getPeriodStart()), NOON).getReservedMicros()).isZero();
    }

    @Test
    void shouldReleaseARequestListedInTheRecordByAnOlderVersion() {
        BudgetState listed = BudgetState.newBuilder().setHolder("ada").setPeriodStart(NOON).setUpdatedAt(NOON)
                .setReservedMicros(1_100).setOpenReservations(Map.of("r4", 1_100L)).build();

        BudgetState released = BudgetLedger.releaseListed(listed, "r4", NOON);

        assertThat(released.getReservedMicros()).isZero();
        assertThat(released.getOpenReservations()).isEmpty();
        assertThat(BudgetLedger.releaseListed(released, "r5", NOON)).isSameAs(released);
    }

    @Test
    void shouldAlignMonthlyPeriodsToTheFirstOfTheMonth() {
        assertThat(BudgetLedger.periodStart(Budget.Period.MONTH, NOON)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void shouldExceedOnlyWhenSpendReservationsAndEstimatePassTheLimit() {
        BudgetState state = BudgetState.newBuilder().setHolder("ada").setPeriodStart(NOON).setUpdatedAt(NOON)
                .setSpentMicros(60).setReservedMicros(20).setCarriedReservedMicros(10).build();

        assertThat(BudgetLedger.wouldExceed(state, 100, 10)).isFalse();
        assertThat(BudgetLedger.wouldExceed(state, 100, 11)).isTrue();
    }

    @Test
    void shouldAddTheChargedCostToTheSpendAndLeaveTheReservationOpen() {
        BudgetState state = BudgetLedger.reserve(BudgetLedger.current(null, "ada", Budget.Period.DAY, NOON), 50, NOON);

        BudgetState charged = BudgetLedger.charge(BudgetLedger.charge(state, 1, NOON), 2, NOON);

        assertThat(charged.getSpentMicros()).isEqualTo(3);
        assertThat(charged.getReservedMicros()).isEqualTo(50);
        assertThat(charged.getRequests()).isEqualTo(1);
    }

    private static Reservation reservation(long micros, Instant periodStart) {
        return new Reservation(BudgetHolderKind.USER, micros, periodStart);
    }
}
