package dev.llmrouter.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.serde.SchemaRegistryClient;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.support.Requests;
import dev.llmrouter.support.TopicDrain;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producers that are not on the pipeline's schema version: one on the next version of PromptRequest (a new
 * optional field) and one on the previous version (without a field that has a default). Both register their
 * schema in the real registry under the topic's subject, and their requests are answered end to end.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class SchemaEvolutionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = Topics.REQUESTS + "-value";

    @Test
    void shouldAnswerRequestsWrittenWithTheNextAndThePreviousSchemaVersion(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                          @TempDir Path dir) throws Exception {
        Schema current = PromptRequest.getClassSchema();
        Schema next = withField(current, "priority");
        Schema previous = withoutField(current, "metadata");
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults());
             SchemaRegistryClient client = SchemaRegistryClient.create(registry.url())) {
            PipelineConfig config = new PipelineConfig(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    Map.of("schema.registry.url", registry.url()), 2, (short) 1, StreamsSettings.defaults(dir), ClassifyConfig.defaults(),
                    WorkerConfig.defaults(), 1, EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null);
            try (Pipeline pipeline = Pipeline.start(config)) {
                int nextId = client.register(SUBJECT, next);
                int previousId = client.register(SUBJECT, previous);
                assertThat(nextId).isNotEqualTo(previousId);

                PromptRequest fromNewer = Requests.prompt("newer-client", "What is the boiling point of water at sea level?");
                GenericRecord newer = convert(fromNewer, next);
                newer.put("priority", "high");
                PromptRequest fromOlder = Requests.prompt("older-client", "Name three primary colours.");
                GenericRecord older = convert(fromOlder, previous);
                assertThat(older.getSchema().getField("metadata")).isNull();

                try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(Topics.REQUESTS, fromNewer.getUserId(), frame(nextId, newer)));
                    producer.send(new ProducerRecord<>(Topics.REQUESTS, fromOlder.getUserId(), frame(previousId, older)));
                }

                Map<String, LlmResponse> responses = TopicDrain.read(kafka.bootstrapServers(), Topics.RESPONSES,
                                pipeline.topics().responses().valueSerde().deserializer(), read -> read.size() >= 2, Duration.ofSeconds(45))
                        .stream().collect(Collectors.toMap(LlmResponse::getRequestId, Function.identity(), (a, b) -> a));
                assertThat(responses).containsOnlyKeys(fromNewer.getRequestId(), fromOlder.getRequestId());
                assertThat(responses.values()).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK));
                assertThat(responses.get(fromOlder.getRequestId()).getUserId()).isEqualTo("older-client");
                assertThat(TopicDrain.read(kafka.bootstrapServers(), Topics.REQUESTS_DLQ,
                        pipeline.topics().deadLetters().valueSerde().deserializer(), read -> false, Duration.ofSeconds(2))).isEmpty();
            }
        }
    }

    /** The schema with one more optional field at the end: what the next version of the contract adds. */
    private static Schema withField(Schema schema, String name) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(schema.toString());
        ObjectNode field = JsonNodeFactory.instance.objectNode().put("name", name);
        field.putArray("type").add("null").add("string");
        field.putNull("default");
        ((ArrayNode) json.get("fields")).add(field);
        return new Schema.Parser().parse(json.toString());
    }

    /** The schema without a field that has a default: what a client built before that field existed writes. */
    private static Schema withoutField(Schema schema, String name) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(schema.toString());
        ArrayNode fields = (ArrayNode) json.get("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").asText().equals(name)) {
                assertThat(fields.get(i).has("default")).as(name + " has a default").isTrue();
                fields.remove(i);
                break;
            }
        }
        return new Schema.Parser().parse(json.toString());
    }

    /** The request as a record of another schema version, by Avro's own schema resolution. */
    private static GenericRecord convert(PromptRequest request, Schema target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(PromptRequest.class).write(request, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(PromptRequest.getClassSchema(), target, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    /** The Confluent wire format: magic byte 0, the schema id, then Avro binary. */
    private static byte[] frame(int schemaId, GenericRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }
}
