package dev.llmrouter.serde;

import static dev.llmrouter.serde.TestRecords.costEvent;
import static dev.llmrouter.serde.TestRecords.promptRequest;
import static dev.llmrouter.serde.TestRecords.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.PromptRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** Round trips through a real Confluent-API registry. */
class AvroSerdeIT extends RegistryTestBase {

    @Test
    void shouldRoundTripGeneratedPromptRequest() {
        String topic = uniqueTopic("llm-requests");
        PromptRequest request = promptRequest("r-1");

        try (AvroSerde<PromptRequest> serde = AvroSerde.specific(PromptRequest.class, config, false)) {
            byte[] bytes = serde.serializer().serialize(topic, request);

            assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(request);
        }
    }

    @Test
    void shouldRoundTripGeneratedCostEvent() {
        String topic = uniqueTopic("llm-cost-events");
        CostEvent event = costEvent("r-2", 2);

        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, config, false)) {
            byte[] bytes = serde.serializer().serialize(topic, event);

            assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(event);
        }
    }

    @Test
    void shouldFrameBytesWithTheIdTheRegistryHoldsUnderTheTopicValueSubject() {
        String topic = uniqueTopic("llm-requests");

        byte[] bytes;
        try (AvroSerde<PromptRequest> serde = AvroSerde.specific(PromptRequest.class, config, false)) {
            bytes = serde.serializer().serialize(topic, promptRequest("r-3"));
        }

        int id = ConfluentWireFormat.schemaId(bytes);
        assertThat(bytes[0]).isZero();
        assertThat(client.getById(id)).isEqualTo(PromptRequest.getClassSchema());
        assertThat(client.getLatest(topic + "-value").id()).isEqualTo(id);
    }

    @Test
    void shouldUseTheTopicKeySubjectForKeys() {
        String topic = uniqueTopic("keyed");

        byte[] bytes;
        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, config, true)) {
            bytes = serde.serializer().serialize(topic, costEvent("r-4", 1));
        }

        assertThat(client.getLatest(topic + "-key").id()).isEqualTo(ConfluentWireFormat.schemaId(bytes));
    }

    @Test
    void shouldWriteTheSameSchemaIdFromIndependentSerializers() {
        String topic = uniqueTopic("same-id");

        byte[] first;
        byte[] second;
        try (AvroSerde<CostEvent> one = AvroSerde.specific(CostEvent.class, config, false);
             AvroSerde<CostEvent> other = AvroSerde.specific(CostEvent.class, config, false)) {
            first = one.serializer().serialize(topic, costEvent("r-5", 1));
            second = other.serializer().serialize(topic, costEvent("r-6", 1));
        }

        assertThat(ConfluentWireFormat.schemaId(second)).isEqualTo(ConfluentWireFormat.schemaId(first));
    }

    @Test
    void shouldRegisterUnderTheRecordNameWithConfluentRecordNameStrategy() {
        Map<String, Object> recordNamed = with(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy");

        byte[] bytes;
        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, recordNamed, false)) {
            bytes = serde.serializer().serialize(uniqueTopic("record-named"), costEvent("r-7", 1));
        }

        assertThat(client.lookup("dev.llmrouter.schema.CostEvent", CostEvent.getClassSchema()))
                .isEqualTo(ConfluentWireFormat.schemaId(bytes));
    }

    @Test
    void shouldRegisterUnderTopicAndRecordNameWithTopicRecordNameStrategy() {
        String topic = uniqueTopic("topic-record-named");
        Map<String, Object> topicRecordNamed = with(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy");

        byte[] bytes;
        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, topicRecordNamed, false)) {
            bytes = serde.serializer().serialize(topic, costEvent("r-8", 1));
        }

        assertThat(client.getLatest(topic + "-dev.llmrouter.schema.CostEvent").id())
                .isEqualTo(ConfluentWireFormat.schemaId(bytes));
    }

    @Test
    void shouldReadGenericRecordsWithTheWriterSchema() {
        String topic = uniqueTopic("generic");
        byte[] bytes;
        try (AvroSerde<CostEvent> specific = AvroSerde.specific(CostEvent.class, config, false)) {
            bytes = specific.serializer().serialize(topic, costEvent("r-9", 3));
        }

        try (AvroSerde<GenericRecord> generic = AvroSerde.generic(config, false)) {
            GenericRecord read = generic.deserializer().deserialize(topic, bytes);

            assertThat(read.getSchema()).isEqualTo(CostEvent.getClassSchema());
            assertThat(read.get("requestId")).hasToString("r-9");
            assertThat(read.get("attempt")).isEqualTo(3);
            assertThat(read.get("reason")).hasToString("FALLBACK");
            assertThat(generic.serializer().serialize(topic, read)).isEqualTo(bytes);
        }
    }

    @Test
    void shouldBeConfigurableTheWayKafkaConfiguresSerdesByClassName() {
        String topic = uniqueTopic("by-class-name");
        Map<String, Object> kafkaStyle = new HashMap<>();
        config.forEach((key, value) -> kafkaStyle.put(key, value.toString()));
        kafkaStyle.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
        kafkaStyle.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "true");
        CostEvent event = costEvent("r-10", 1);

        try (AvroSerde<Object> serde = new AvroSerde<>()) {
            serde.configure(kafkaStyle, false);
            byte[] bytes = serde.serializer().serialize(topic, event);

            assertThat(serde.deserializer().deserialize(topic, bytes)).isInstanceOf(CostEvent.class).isEqualTo(event);
        }
    }

    @Test
    void shouldShareOneRegistryClientBetweenSerdes() {
        String topic = uniqueTopic("shared-client");
        PromptRequest request = promptRequest("r-11");

        try (AvroSerde<PromptRequest> serde = AvroSerde.specific(PromptRequest.class, client, Map.of(), false)) {
            byte[] bytes = serde.serializer().serialize(topic, request);

            assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(request);
        }
        assertThat(client.getLatest(topic + "-value").schema()).isEqualTo(PromptRequest.getClassSchema());
    }

    @Test
    void shouldSerializeCorrectlyFromManyThreadsAtOnce() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            assertConcurrentSerializationIsExact(pool, 16, 500);
        }
    }

    @Test
    void shouldSerializeCorrectlyFromThousandsOfVirtualThreads() throws Exception {
        // Workers serialize on a new virtual thread per call: the shared encoding buffers must never mix two records.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            assertConcurrentSerializationIsExact(pool, 2_000, 2);
        }
    }

    private void assertConcurrentSerializationIsExact(ExecutorService pool, int tasks, int perTask) throws Exception {
        String topic = uniqueTopic("concurrent");
        try (AvroSerde<CostEvent> serde = AvroSerde.specific(CostEvent.class, config, false)) {
            Serializer<CostEvent> serializer = serde.serializer();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<byte[]>>> results = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                String prefix = "t" + t + "-";
                results.add(pool.submit(() -> {
                    start.await();
                    List<byte[]> written = new ArrayList<>();
                    for (int i = 0; i < perTask; i++) {
                        written.add(serializer.serialize(topic, costEvent(prefix + i, i)));
                    }
                    return written;
                }));
            }
            start.countDown();

            int expectedId = -1;
            for (int t = 0; t < tasks; t++) {
                List<byte[]> written = results.get(t).get();
                if (expectedId < 0) {
                    expectedId = client.getLatest(topic + "-value").id();
                }
                assertThat(written).hasSize(perTask);
                for (int i = 0; i < perTask; i++) {
                    assertThat(ConfluentWireFormat.schemaId(written.get(i))).isEqualTo(expectedId);
                    assertThat(serde.deserializer().deserialize(topic, written.get(i))).isEqualTo(costEvent("t" + t + "-" + i, i));
                }
            }
        }
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> copy = new HashMap<>(config);
        copy.put(key, value);
        return copy;
    }
}
