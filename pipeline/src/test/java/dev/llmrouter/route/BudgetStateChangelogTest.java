package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.serde.AvroSerde;
import dev.llmrouter.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Budget changelogs written before charged attempts moved out of {@link BudgetState} still restore:
 * the serde resolves the writer's schema, with its {@code settledAttempts}, against today's class.
 */
@ExtendWith(SchemaRegistryExtension.class)
class BudgetStateChangelogTest {

    /** BudgetState as it was when each holder kept its recently charged request#attempt keys. */
    private static final Schema WITH_SETTLED_ATTEMPTS = new Schema.Parser().parse("""
            {"type": "record", "name": "BudgetState", "namespace": "dev.llmrouter.schema",
             "fields": [
              {"name": "holder", "type": "string"},
              {"name": "periodStart", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "spentMicros", "type": "long", "default": 0},
              {"name": "reservedMicros", "type": "long", "default": 0},
              {"name": "requests", "type": "long", "default": 0},
              {"name": "openReservations", "type": {"type": "map", "values": "long"}, "default": {}},
              {"name": "settledAttempts", "type": {"type": "array", "items": "string"}, "default": []},
              {"name": "updatedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
             ]}""");

    private static final Instant PERIOD = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant UPDATED = Instant.parse("2026-11-23T12:00:00Z");
    private static final String CHANGELOG = "route-test-" + RouteStage.BUDGET_STORE + "-changelog";

    private Map<String, String> serdeConfig;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        serdeConfig = Map.of("schema.registry.url", registry.url());
    }

    @Test
    void shouldRestoreABudgetWrittenWithSettledAttempts() {
        GenericRecord old = new GenericRecordBuilder(WITH_SETTLED_ATTEMPTS).set("holder", "ada")
                .set("periodStart", PERIOD.toEpochMilli()).set("spentMicros", 3_000L).set("reservedMicros", 1_100L)
                .set("requests", 4L).set("openReservations", Map.of("r4", 1_100L)).set("settledAttempts", List.of("r1#1", "r2#1", "r3#2"))
                .set("updatedAt", UPDATED.toEpochMilli()).build();
        byte[] written;
        try (AvroSerde<GenericRecord> before = AvroSerde.generic(serdeConfig, false)) {
            written = before.serializer().serialize(CHANGELOG, old);
        }

        BudgetState restored = budgetSerde().deserializer().deserialize(CHANGELOG, written);

        assertThat(restored).isEqualTo(BudgetState.newBuilder().setHolder("ada").setPeriodStart(PERIOD).setSpentMicros(3_000)
                .setReservedMicros(1_100).setRequests(4).setOpenReservations(Map.of("r4", 1_100L)).setUpdatedAt(UPDATED).build());
    }

    @Test
    void shouldWriteTheNewBudgetToAChangelogThatHoldsOldOnes() {
        GenericRecord old = new GenericRecordBuilder(WITH_SETTLED_ATTEMPTS).set("holder", "bob")
                .set("periodStart", PERIOD.toEpochMilli()).set("updatedAt", UPDATED.toEpochMilli()).build();
        try (AvroSerde<GenericRecord> before = AvroSerde.generic(serdeConfig, false)) {
            before.serializer().serialize(CHANGELOG + "-mixed", old);
        }
        BudgetState current = BudgetState.newBuilder().setHolder("bob").setPeriodStart(PERIOD).setSpentMicros(42).setUpdatedAt(UPDATED).build();
        Serde<BudgetState> serde = budgetSerde();

        byte[] written = serde.serializer().serialize(CHANGELOG + "-mixed", current);

        assertThat(serde.deserializer().deserialize(CHANGELOG + "-mixed", written)).isEqualTo(current);
    }

    private Serde<BudgetState> budgetSerde() {
        return new Topics(1, serdeConfig).avroSerde(BudgetState.class);
    }
}
