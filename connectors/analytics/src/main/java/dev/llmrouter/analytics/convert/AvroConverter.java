package dev.llmrouter.analytics.convert;

import dev.llmrouter.serde.AvroDeserializer;
import dev.llmrouter.serde.AvroSerializer;
import dev.llmrouter.serde.SchemaRegistryClient;
import dev.llmrouter.serde.SchemaRegistryException;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Kafka Connect converter for Avro in the Confluent wire format (magic byte, 4-byte schema id, Avro binary)
 * against any server of the Confluent Schema Registry API, built on the project's serde
 * ({@code connectors/serde}), since Confluent's own {@code AvroConverter} is not on Maven Central.
 *
 * <p>Configured like Confluent's, with the same keys under the converter prefix:
 * <pre>
 * value.converter=dev.llmrouter.analytics.convert.AvroConverter
 * value.converter.schema.registry.url=http://registry:8080/apis/ccompat/v7
 * </pre>
 * Reading resolves the writer schema by the id in each payload (one registry call per id) and maps it to a
 * Connect schema as {@link AvroConnectSchemas} describes. Writing takes a {@link Struct} (values on the
 * pipeline's topics are records) and registers or looks up its schema under the subject the configured strategy
 * names ({@code <topic>-value} by default), like the serde.
 *
 * <p>A payload that is not Avro in the Confluent wire format, names an unknown schema id, or does not decode
 * raises {@link DataException}, which Connect's error handling ({@code errors.tolerance},
 * {@code errors.deadletterqueue.topic.name}) routes like any other conversion failure.
 */
public class AvroConverter implements Converter {

    private final AvroConnectSchemas schemas = new AvroConnectSchemas();
    private SchemaRegistryClient client;
    private AvroSerializer<GenericRecord> serializer;
    private AvroDeserializer<GenericRecord> deserializer;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        close();
        client = SchemaRegistryClient.fromConfig(configs);
        serializer = new AvroSerializer<>(client);
        serializer.configure(configs, isKey);
        deserializer = new AvroDeserializer<>(GenericRecord.class, client);
        deserializer.configure(configs, isKey);
    }

    @Override
    public byte[] fromConnectData(String topic, org.apache.kafka.connect.data.Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema == null || schema.type() != org.apache.kafka.connect.data.Schema.Type.STRUCT || !(value instanceof Struct)) {
            throw new DataException("AvroConverter writes records: expected a Struct with a struct schema for topic "
                    + topic + ", got " + (schema == null ? "no schema" : schema.type()));
        }
        try {
            org.apache.avro.Schema avro = schemas.toAvro(schema);
            GenericRecord record = (GenericRecord) AvroConnectValues.toAvro(avro, schema, value);
            return configured(serializer).serialize(topic, record);
        } catch (SerializationException | SchemaRegistryException | AvroRuntimeException | ClassCastException e) {
            throw new DataException("Cannot convert a " + schema.name() + " to Avro for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try {
            GenericRecord record = configured(deserializer).deserialize(topic, value);
            org.apache.kafka.connect.data.Schema schema = schemas.toConnect(record.getSchema());
            return new SchemaAndValue(schema, AvroConnectValues.toConnect(record.getSchema(), schema, record));
        } catch (SerializationException | SchemaRegistryException | AvroRuntimeException | ClassCastException e) {
            throw new DataException("Cannot convert " + value.length + " bytes from topic " + topic + " from Avro: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
            serializer = null;
            deserializer = null;
        }
    }

    private static <T> T configured(T part) {
        if (part == null) {
            throw new IllegalStateException("AvroConverter is not configured: call configure() first");
        }
        return part;
    }
}
