package dev.llmrouter.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.CostEvent;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Input the deserializer rejects before it needs a registry; the registry URL points at a closed port. */
class AvroDeserializerTest {

    private final AvroDeserializer<CostEvent> deserializer = new AvroDeserializer<>(CostEvent.class);

    AvroDeserializerTest() {
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, ClosedPort.url()), false);
    }

    @AfterEach
    void close() {
        deserializer.close();
    }

    @Test
    void shouldReturnNullForNullPayload() {
        assertThat(deserializer.deserialize("llm-cost-events", null)).isNull();
    }

    @Test
    void shouldRejectEmptyPayloadAsTooShort() {
        assertThatThrownBy(() -> deserializer.deserialize("llm-cost-events", new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("too short")
                .hasMessageContaining(": 0 bytes");
    }

    @Test
    void shouldRejectPlainJsonAsNotConfluentWireFormat() {
        byte[] json = "{\"requestId\":\"r-1\"}".getBytes();

        assertThatThrownBy(() -> deserializer.deserialize("llm-cost-events", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Unknown magic byte 0x7b: not Confluent wire format");
    }

    @Test
    void shouldRaiseRegistryErrorNotSerializationErrorWhenRegistryIsUnreachable() {
        byte[] framed = {0, 0, 0, 0, 7, 2, 'x'};

        assertThatThrownBy(() -> deserializer.deserialize("llm-cost-events", framed))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("/schemas/ids/7")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(SchemaRegistryException.NO_RESPONSE));
    }

    @Test
    void shouldRefuseToDeserializeBeforeConfigure() {
        AvroDeserializer<GenericRecord> unconfigured = new AvroDeserializer<>(GenericRecord.class);

        assertThatThrownBy(() -> unconfigured.deserialize("t", new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("configure()");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shouldRejectReaderTypeThatIsNotAnAvroRecord() {
        assertThatThrownBy(() -> new AvroDeserializer(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }
}
