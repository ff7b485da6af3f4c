package dev.llmrouter.serde;

import static dev.llmrouter.serde.TestRecords.costEvent;
import static dev.llmrouter.serde.TestRecords.costEventWith;
import static dev.llmrouter.serde.TestRecords.costEventWithout;
import static dev.llmrouter.serde.TestRecords.optionalString;
import static dev.llmrouter.serde.TestRecords.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Producers and consumers on different schema versions, and {@code use.latest.version}. */
class SchemaEvolutionIT extends RegistryTestBase {

    private static final Schema COST_EVENT = CostEvent.getClassSchema();

    @Test
    void shouldReadRecordFromProducerOnNewerSchemaWithTheOlderReaderClass() {
        String topic = uniqueTopic("newer-writer");
        Schema newer = costEventWith(optionalString("region"), COST_EVENT.getFields().size());
        GenericRecord written = asGeneric(costEvent("r-1", 1), newer, Map.of("region", "eu-west-1"));

        CostEvent read = roundTrip(topic, written);

        assertThat(read).isEqualTo(costEvent("r-1", 1));
    }

    @Test
    void shouldFillDefaultsWhenProducerUsesOlderSchema() {
        String topic = uniqueTopic("older-writer");
        Schema older = costEventWithout("cachedInputTokens", "cacheWriteTokens", "outcome", "policyVersion", "estimatedCostMicros");
        GenericRecord written = asGeneric(costEvent("r-2", 1), older, Map.of());

        CostEvent read = roundTrip(topic, written);

        CostEvent expected = costEvent("r-2", 1);
        expected.setOutcome(AttemptOutcome.UNKNOWN);
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void shouldSerializeWithLatestRegisteredSchemaInsteadOfRegistering() {
        String topic = uniqueTopic("latest");
        Schema latest = costEventWith(optionalString("region"), 3);
        int latestId = client.register(topic + "-value", latest);
        CostEvent event = costEvent("r-3", 1);

        byte[] bytes;
        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, useLatest(), false)) {
            bytes = serde.serializer().serialize(topic, event);
            assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(event);
        }

        assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(latestId);
        assertThatThrownBy(() -> client.lookup(topic + "-value", COST_EVENT))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(404));
        try (AvroSerde<GenericRecord> generic = AvroSerde.generic(config, false)) {
            GenericRecord read = generic.deserializer().deserialize(topic, bytes);
            assertThat(read.get("region")).isNull();
            assertThat(read.get("userId")).hasToString("user-7");
            assertThat(read.get("costMicros")).isEqualTo(4_321L);
        }
    }

    @Test
    void shouldUseTheRegisteredIdWhenLatestSchemaIsTheRecordsOwn() {
        String topic = uniqueTopic("latest-same");
        int id = client.register(topic + "-value", COST_EVENT);

        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, useLatest(), false)) {
            byte[] bytes = serde.serializer().serialize(topic, costEvent("r-4", 1));

            assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(id);
        }
    }

    @Test
    void shouldRejectRecordLackingARequiredFieldOfTheLatestSchema() {
        String topic = uniqueTopic("latest-required");
        client.register(topic + "-value", costEventWith(new Schema.Field("region", Schema.create(Schema.Type.STRING)), 3));

        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, useLatest(), false)) {
            assertThatThrownBy(() -> serde.serializer().serialize(topic, costEvent("r-5", 1)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("region");
        }
    }

    @Test
    void shouldFailClearlyWhenUseLatestFindsNoSubject() {
        String topic = uniqueTopic("latest-missing");

        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, useLatest(), false)) {
            assertThatThrownBy(() -> serde.serializer().serialize(topic, costEvent("r-6", 1)))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e).hasMessageStartingWith("use.latest.version=true but subject '" + topic
                                + "-value' has no registered version");
                    });
        }
    }

    @Test
    void shouldKeepUsingTheFetchedLatestVersionByDefault() {
        String topic = uniqueTopic("latest-cached");
        int v1 = client.register(topic + "-value", COST_EVENT);

        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, useLatest(), false)) {
            serde.serializer().serialize(topic, costEvent("r-7", 1));
            client.register(topic + "-value", costEventWith(optionalString("region"), 3));
            byte[] bytes = serde.serializer().serialize(topic, costEvent("r-7", 2));

            assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(v1);
        }
    }

    @Test
    void shouldPickUpANewLatestVersionOnceTheCacheTtlExpires() {
        String topic = uniqueTopic("latest-ttl");
        client.register(topic + "-value", COST_EVENT);
        Map<String, Object> expiring = new HashMap<>(useLatest());
        expiring.put(AvroSerdeConfig.LATEST_CACHE_TTL_SEC, 0);

        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, expiring, false)) {
            serde.serializer().serialize(topic, costEvent("r-8", 1));
            int v2 = client.register(topic + "-value", costEventWith(optionalString("region"), 3));
            byte[] bytes = serde.serializer().serialize(topic, costEvent("r-8", 2));

            assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(v2);
        }
    }

    private static CostEvent roundTrip(String topic, GenericRecord written) {
        try (AvroSerde<GenericRecord> producer = AvroSerde.generic(config, false);
             AvroSerde<CostEvent> consumer = AvroSerde.specific(CostEvent.class, config, false)) {
            byte[] bytes = producer.serializer().serialize(topic, written);
            assertThat(client.getById(ConfluentWireFormat.schemaId(bytes))).isEqualTo(written.getSchema());
            return consumer.deserializer().deserialize(topic, bytes);
        }
    }

    private static Map<String, Object> useLatest() {
        Map<String, Object> latest = new HashMap<>(config);
        latest.put(AvroSerdeConfig.USE_LATEST_VERSION, true);
        latest.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        return latest;
    }

    /** The event as a generic record of {@code schema}: shared fields copied, the rest from {@code extra} or defaults. */
    private static GenericRecord asGeneric(CostEvent event, Schema schema, Map<String, Object> extra) {
        GenericRecordBuilder builder = new GenericRecordBuilder(schema);
        for (Schema.Field field : schema.getFields()) {
            Schema.Field own = event.getSchema().getField(field.name());
            Object value = own != null ? event.get(own.pos()) : extra.get(field.name());
            if (value instanceof Instant instant) {
                value = instant.toEpochMilli();
            } else if (value instanceof Enum<?> symbol) {
                value = new GenericData.EnumSymbol(field.schema(), symbol.name());
            }
            if (own != null || extra.containsKey(field.name())) {
                builder.set(field, value);
            }
        }
        return builder.build();
    }
}
