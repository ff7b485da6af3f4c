package dev.llmrouter.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes Confluent wire format payloads, fetching the writer schema by the id in the payload and
 * resolving it against the reader schema, so records written with an older or newer compatible schema
 * version are read as the reader expects (fields added with defaults, fields removed).
 *
 * <p>What is read is decided by the type given at construction: a generated {@link SpecificRecord} class
 * reads into that class; {@code SpecificRecord.class} reads into the generated class the writer schema names;
 * {@code GenericRecord.class} reads {@link GenericRecord}s with the writer schema. Without a type, the
 * {@code specific.avro.reader} config chooses between the last two.
 *
 * <p>A null payload deserializes to null. Payloads that are not Confluent wire format, name an unknown
 * schema id or do not decode raise {@link SerializationException} saying which; other registry failures
 * raise {@link SchemaRegistryException}. The registry is asked once per schema id. Thread-safe once configured.
 *
 * @param <T> the record type
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private final Class<?> type;
    private Class<?> readAs;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private BoundedCache<Integer, DatumReader<Object>> readers;

    /** For Kafka's reflective construction: generic, or specific by writer schema name if {@code specific.avro.reader=true}. */
    public AvroDeserializer() {
        this(null, null);
    }

    /** Reads into {@code type}: a generated class, {@code SpecificRecord.class} or {@code GenericRecord.class}. */
    public AvroDeserializer(Class<T> type) {
        this(Objects.requireNonNull(type, "type"), null);
    }

    /**
     * Reads into {@code type} (see {@link #AvroDeserializer(Class)}; {@code null} lets {@code specific.avro.reader}
     * decide) using a shared registry client, which {@link #close()} leaves open; a {@code null} client is created
     * from the config. {@link #configure} is still required.
     */
    public AvroDeserializer(Class<T> type, SchemaRegistryClient client) {
        if (type != null && !SpecificRecord.class.isAssignableFrom(type) && !GenericRecord.class.equals(type)) {
            throw new IllegalArgumentException("Expected a SpecificRecord class or GenericRecord.class, got " + type.getName());
        }
        this.type = type;
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = SchemaRegistryClient.fromConfig(configs);
            ownsClient = true;
        }
        readAs = type != null ? type
                : AvroSerdeConfig.bool(configs, AvroSerdeConfig.SPECIFIC_AVRO_READER, false) ? SpecificRecord.class : GenericRecord.class;
        int capacity = (int) AvroSerdeConfig.number(AvroSerdeConfig.clientValue(configs, AvroSerdeConfig.MAX_SCHEMAS_PER_SUBJECT),
                AvroSerdeConfig.MAX_SCHEMAS_PER_SUBJECT, 1000);
        readers = new BoundedCache<>(capacity);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (readers == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: call configure() first");
        }
        int schemaId = ConfluentWireFormat.schemaId(data);
        DatumReader<Object> reader = readers.get(schemaId, this::reader);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, ConfluentWireFormat.HEADER_SIZE,
                data.length - ConfluentWireFormat.HEADER_SIZE, DECODERS.get());
        DECODERS.set(decoder);
        try {
            Object value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes left over after the record: the payload does not match its schema");
            }
            return (T) value;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode Avro payload of " + data.length + " bytes with writer schema id "
                    + schemaId + " as " + readerName() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private DatumReader<Object> reader(int schemaId) {
        Schema writer = writerSchema(schemaId);
        if (GenericRecord.class.equals(readAs)) {
            return new GenericDatumReader<>(writer, writer, GenericData.get());
        }
        Class<?> target = SpecificRecord.class.equals(readAs) ? generatedClass(writer, schemaId) : readAs;
        SpecificData model = SpecificData.getForClass(target);
        Schema reader = model.getSchema(target);
        TrustedClasses.trust(reader);
        return new SpecificDatumReader<>(writer, reader, model);
    }

    /** The generated class the writer schema names, loaded without Avro's by-name lookup, which it would refuse. */
    private static Class<?> generatedClass(Schema writer, int schemaId) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> type = Class.forName(SpecificData.getClassName(writer), false,
                    loader != null ? loader : AvroDeserializer.class.getClassLoader());
            if (SpecificRecord.class.isAssignableFrom(type)) {
                return type;
            }
        } catch (ClassNotFoundException e) {
            // Reported below, like a class of the wrong kind.
        }
        throw new SerializationException("Writer schema id " + schemaId + " names " + writer.getFullName()
                + ", which has no generated SpecificRecord class on the classpath");
    }

    private Schema writerSchema(int schemaId) {
        try {
            return client.getById(schemaId);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound(SchemaRegistryClient.SCHEMA_NOT_FOUND)) {
                throw new SerializationException("Unknown schema id " + schemaId + ": the registry has no schema with this id ("
                        + e.getMessage() + ")", e);
            }
            throw e;
        } catch (AvroRuntimeException e) {
            throw new SerializationException("Schema id " + schemaId + " is not a usable Avro schema: " + e.getMessage(), e);
        }
    }

    private String readerName() {
        return GenericRecord.class.equals(readAs) ? "GenericRecord"
                : SpecificRecord.class.equals(readAs) ? "its generated class" : readAs.getName();
    }
}
