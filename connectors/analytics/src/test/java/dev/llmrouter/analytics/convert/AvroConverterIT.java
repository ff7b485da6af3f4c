package dev.llmrouter.analytics.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SchemaRegistryExtension.class)
class AvroConverterIT {

    private final Map<String, String> config;
    private final AvroConverter converter = new AvroConverter();
    private final String topic = "costs-" + UUID.randomUUID();

    AvroConverterIT(SchemaRegistryProcess registry) {
        config = Map.of("schema.registry.url", registry.url());
    }

    @BeforeEach
    void configure() {
        converter.configure(config, false);
    }

    @AfterEach
    void close() {
        converter.close();
    }

    @Test
    void shouldReadWhatThePipelineWritesAsAStruct() {
        // given a cost event as the workers serialize it
        CostEvent event = CostEvent.newBuilder().setRequestId("r-1").setAttempt(2).setUserId("ada").setProvider("openai")
                .setModel("gpt-5-mini").setCostMicros(1234).setPriceCatalogVersion("v1").setReason(CostReason.FALLBACK)
                .setOutcome(AttemptOutcome.SUCCESS).setRequestCreatedAt(Instant.ofEpochMilli(1_000))
                .setOccurredAt(Instant.ofEpochMilli(2_000)).build();
        byte[] bytes;
        try (Serde<CostEvent> serde = AvroSerde.specific(CostEvent.class, config, false)) {
            bytes = serde.serializer().serialize(topic, event);
        }

        // when the converter reads it
        SchemaAndValue read = converter.toConnectData(topic, bytes);

        // then the struct holds the event's values in Connect's types
        Struct struct = (Struct) read.value();
        assertThat(struct.getString("requestId")).isEqualTo("r-1");
        assertThat(struct.getInt32("attempt")).isEqualTo(2);
        assertThat(struct.getString("reason")).isEqualTo("FALLBACK");
        assertThat(struct.get("sessionId")).isNull();
        assertThat(struct.get("occurredAt")).isEqualTo(new java.util.Date(2_000));
    }

    @Test
    void shouldWriteStructsThatItAndThePipelineCanReadBack() {
        // given a struct read from a cost event
        CostEvent event = CostEvent.newBuilder().setRequestId("r-2").setAttempt(1).setUserId("bob").setProvider("gemini")
                .setModel("gemini-2.5-pro").setCostMicros(99).setPriceCatalogVersion("v1").setSessionId("s-9")
                .setRequestCreatedAt(Instant.ofEpochMilli(5_000)).setOccurredAt(Instant.ofEpochMilli(6_000)).build();
        byte[] original;
        try (Serde<CostEvent> serde = AvroSerde.specific(CostEvent.class, config, false)) {
            original = serde.serializer().serialize(topic, event);
        }
        SchemaAndValue struct = converter.toConnectData(topic, original);

        // when the converter writes it to another topic
        byte[] written = converter.fromConnectData(topic + "-copy", struct.schema(), struct.value());

        // then the generated class reads the same event from it, and so does the converter
        try (Serde<CostEvent> serde = AvroSerde.specific(CostEvent.class, config, false)) {
            assertThat(serde.deserializer().deserialize(topic + "-copy", written)).isEqualTo(event);
        }
        assertThat(converter.toConnectData(topic + "-copy", written).value()).isEqualTo(struct.value());
    }

    @Test
    void shouldRejectBytesThatAreNotConfluentAvroWithADataException() {
        // given JSON where Avro was expected
        byte[] json = "{\"requestId\":\"r-3\"}".getBytes(StandardCharsets.UTF_8);

        // when read, then Connect's error handling gets a DataException naming the topic
        assertThatThrownBy(() -> converter.toConnectData(topic, json))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(topic);
    }
}
