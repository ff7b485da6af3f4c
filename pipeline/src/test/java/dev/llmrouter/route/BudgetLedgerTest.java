package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.schema.BudgetState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {

    private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void shouldStartANewPeriodWithNoSpendButKeepOpenReservations() {
        BudgetState yesterday = BudgetLedger.reserve(
                BudgetLedger.current(null, "ada", Budget.Period.DAY, NOON.minusSeconds(86_400)), "r1", 40, NOON.minusSeconds(86_400));
        yesterday = BudgetState.newBuilder(yesterday).setSpentMicros(900).build();

        BudgetState today = BudgetLedger.current(yesterday, "ada", Budget.Period.DAY, NOON);

        assertThat(today.getSpentMicros()).isZero();
        assertThat(today.getReservedMicros()).isEqualTo(40);
        assertThat(today.getPeriodStart()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void shouldAlignMonthlyPeriodsToTheFirstOfTheMonth() {
        assertThat(BudgetLedger.periodStart(Budget.Period.MONTH, NOON)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void shouldExceedOnlyWhenSpendReservationsAndEstimatePassTheLimit() {
        BudgetState state = BudgetState.newBuilder().setHolder("ada").setPeriodStart(NOON).setUpdatedAt(NOON)
                .setSpentMicros(60).setReservedMicros(30).build();

        assertThat(BudgetLedger.wouldExceed(state, 100, 10)).isFalse();
        assertThat(BudgetLedger.wouldExceed(state, 100, 11)).isTrue();
    }

    @Test
    void shouldReplaceRatherThanDoubleAReservationForTheSameRequest() {
        BudgetState state = BudgetLedger.current(null, "ada", Budget.Period.DAY, NOON);

        state = BudgetLedger.reserve(BudgetLedger.reserve(state, "r1", 50, NOON), "r1", 70, NOON);

        assertThat(state.getReservedMicros()).isEqualTo(70);
        assertThat(state.getRequests()).isEqualTo(1);
    }

    @Test
    void shouldAddTheChargedCostToTheSpendAndLeaveTheReservationOpen() {
        BudgetState state = BudgetLedger.reserve(BudgetLedger.current(null, "ada", Budget.Period.DAY, NOON), "r1", 50, NOON);

        BudgetState charged = BudgetLedger.charge(BudgetLedger.charge(state, 1, NOON), 2, NOON);

        assertThat(charged.getSpentMicros()).isEqualTo(3);
        assertThat(charged.getReservedMicros()).isEqualTo(50);
        assertThat(charged.getOpenReservations()).containsEntry("r1", 50L);
    }
}
