package dev.llmrouter.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.CostEvent;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Input the serializer rejects before it needs a registry; the registry URL points at a closed port. */
class AvroSerializerTest {

    private final AvroSerializer<Object> serializer = new AvroSerializer<>();

    AvroSerializerTest() {
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, ClosedPort.url()), false);
    }

    @AfterEach
    void close() {
        serializer.close();
    }

    @Test
    void shouldSerializeNullAsNull() {
        assertThat(serializer.serialize("llm-cost-events", null)).isNull();
    }

    @Test
    void shouldRejectValueThatIsNotAnAvroRecord() {
        assertThatThrownBy(() -> serializer.serialize("llm-cost-events", "just a string"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Expected an Avro record")
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void shouldRaiseRegistryErrorWhenRegistryIsUnreachable() {
        CostEvent event = TestRecords.costEvent("r-1", 1);

        assertThatThrownBy(() -> serializer.serialize("llm-cost-events", event))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("/subjects/llm-cost-events-value/versions")
                .hasMessageContaining("no response");
    }

    @Test
    void shouldRejectNonBooleanAutoRegisterSetting() {
        try (SchemaRegistryClient client = SchemaRegistryClient.create(ClosedPort.url())) {
            AvroSerializer<Object> misconfigured = new AvroSerializer<>(client);

            assertThatThrownBy(() -> misconfigured.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "yes"), false))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("auto.register.schemas");
        }
    }

    @Test
    void shouldRefuseToSerializeBeforeConfigure() {
        AvroSerializer<Object> unconfigured = new AvroSerializer<>();
        CostEvent event = new CostEvent();

        assertThatThrownBy(() -> unconfigured.serialize("t", event))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("configure()");
    }
}
