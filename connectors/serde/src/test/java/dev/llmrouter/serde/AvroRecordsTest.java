package dev.llmrouter.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.CostEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroRecordsTest {

    @Test
    void shouldCopyEveryFieldAndShareTheParts() {
        // given a record with a map
        Map<String, Long> open = new HashMap<>(Map.of("r1", 40L));
        BudgetState state = BudgetState.newBuilder().setHolder("user:ada").setPeriodStart(Instant.EPOCH).setSpentMicros(7)
                .setReservedMicros(40).setRequests(1).setOpenReservations(open).setUpdatedAt(Instant.EPOCH).build();

        // when it is copied
        BudgetState copy = AvroRecords.shallowCopy(state, new BudgetState());

        // then the copy is equal, holds the same map, and changing a field of the copy leaves the source alone
        assertThat(copy).isEqualTo(state).isNotSameAs(state);
        assertThat(copy.getOpenReservations()).isSameAs(open);
        copy.setSpentMicros(99);
        assertThat(state.getSpentMicros()).isEqualTo(7);
    }

    @Test
    void shouldRefuseARecordOfAnotherSchema() {
        BudgetState state = BudgetState.newBuilder().setHolder("user:ada").setPeriodStart(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();

        assertThatThrownBy(() -> AvroRecords.shallowCopy((org.apache.avro.specific.SpecificRecordBase) state, (org.apache.avro.specific.SpecificRecordBase) new CostEvent()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BudgetState").hasMessageContaining("CostEvent");
    }
}
