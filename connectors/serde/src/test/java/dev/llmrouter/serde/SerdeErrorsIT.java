package dev.llmrouter.serde;

import static dev.llmrouter.serde.TestRecords.costEvent;
import static dev.llmrouter.serde.TestRecords.costEventWith;
import static dev.llmrouter.serde.TestRecords.promptRequest;
import static dev.llmrouter.serde.TestRecords.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.PromptRequest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** What callers see when records, schemas or configuration are wrong. */
class SerdeErrorsIT extends RegistryTestBase {

    @Test
    void shouldNameTheSchemaIdWhenItIsUnknownToTheRegistry() {
        byte[] payload = {0, 0x3a, (byte) 0xde, 0x68, (byte) 0xb1, 2, 'x'};

        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, config, false)) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("llm-cost-events", payload))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("Unknown schema id 987654321")
                    .cause().isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.errorCode()).isEqualTo(40403);
                    });
        }
    }

    @Test
    void shouldRefuseUnregisteredSchemaWhenAutoRegisterIsOff() {
        String topic = uniqueTopic("no-auto-register");
        Map<String, Object> noAutoRegister = with(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);

        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, noAutoRegister, false)) {
            assertThatThrownBy(() -> serde.serializer().serialize(topic, costEvent("r-1", 1)))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e).hasMessageStartingWith("Schema of dev.llmrouter.schema.CostEvent is not registered under subject '"
                                + topic + "-value' and auto.register.schemas=false");
                    });
        }
    }

    @Test
    void shouldUseTheRegisteredIdWhenAutoRegisterIsOff() {
        String topic = uniqueTopic("pre-registered");
        int id = client.register(topic + "-value", CostEvent.getClassSchema());

        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, with(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false)) {
            byte[] bytes = serde.serializer().serialize(topic, costEvent("r-2", 1));

            assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(id);
        }
    }

    @Test
    void shouldRaise409WhenRecordSchemaIsIncompatibleWithTheSubject() {
        String topic = uniqueTopic("incompatible");
        Schema withRequiredField = costEventWith(new Schema.Field("region", Schema.create(Schema.Type.STRING)), 3);
        GenericRecord record = new GenericRecordBuilder(withRequiredField)
                .set("requestId", "r-3").set("attempt", 1).set("userId", "u").set("provider", "p").set("model", "m")
                .set("costMicros", 1L).set("priceCatalogVersion", "v").set("region", "eu")
                .set("requestCreatedAt", 0L).set("occurredAt", 0L)
                .build();

        try (AvroSerde<CostEvent> specific = AvroSerde.specific(CostEvent.class, config, false);
             AvroSerde<GenericRecord> generic = AvroSerde.generic(config, false)) {
            specific.serializer().serialize(topic, costEvent("r-3", 1));
            client.updateCompatibility(topic + "-value", "BACKWARD");

            assertThatThrownBy(() -> generic.serializer().serialize(topic, record))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.url()).endsWith("/subjects/" + topic + "-value/versions");
                    });
        }
    }

    @Test
    void shouldReportTruncatedPayloadWithItsSchemaId() {
        String topic = uniqueTopic("truncated");
        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, config, false)) {
            byte[] bytes = serde.serializer().serialize(topic, costEvent("r-4", 1));
            byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

            assertThatThrownBy(() -> serde.deserializer().deserialize(topic, truncated))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("Cannot decode Avro payload of " + truncated.length + " bytes with writer schema id "
                            + ConfluentWireFormat.schemaId(bytes) + " as dev.llmrouter.schema.CostEvent");
        }
    }

    @Test
    void shouldRejectPayloadWithBytesLeftOverAfterTheRecord() {
        String topic = uniqueTopic("trailing");
        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, config, false)) {
            byte[] bytes = serde.serializer().serialize(topic, costEvent("r-5", 1));
            byte[] padded = Arrays.copyOf(bytes, bytes.length + 2);

            assertThatThrownBy(() -> serde.deserializer().deserialize(topic, padded))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("bytes left over");
        }
    }

    @Test
    void shouldRejectRecordOfAnUnrelatedTypeWithASerializationError() {
        String topic = uniqueTopic("wrong-type");
        byte[] bytes;
        try (AvroSerde<PromptRequest> prompts = AvroSerde.specific(PromptRequest.class, config, false)) {
            bytes = prompts.serializer().serialize(topic, promptRequest("r-6"));
        }

        try (AvroSerde<CostEvent> costs = AvroSerde.specific(CostEvent.class, config, false)) {
            assertThatThrownBy(() -> costs.deserializer().deserialize(topic, bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("as dev.llmrouter.schema.CostEvent");
        }
    }

    @Test
    void shouldReportRecordThatViolatesItsOwnSchema() {
        CostEvent invalid = costEvent("r-7", 1);
        invalid.setUserId(null);

        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, config, false)) {
            assertThatThrownBy(() -> serde.serializer().serialize(uniqueTopic("invalid"), invalid))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("Cannot encode dev.llmrouter.schema.CostEvent")
                    .hasMessageContaining("userId");
        }
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> copy = new HashMap<>(config);
        copy.put(key, value);
        return copy;
    }
}
