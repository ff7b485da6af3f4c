package dev.llmrouter.serde;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An {@link AvroSerializer} and an {@link AvroDeserializer} sharing one registry client.
 *
 * <p>In code, use the factories, which return a configured serde:
 * <pre>{@code
 * Serde<PromptRequest> serde = AvroSerde.specific(PromptRequest.class, Map.of("schema.registry.url", url), false);
 * }</pre>
 * Kafka Streams' {@code default.value.serde} uses the no-argument constructor and {@link #configure}.
 *
 * @param <T> the record type
 */
public class AvroSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final SchemaRegistryClient sharedClient;
    private SchemaRegistryClient ownClient;
    private AvroSerializer<T> serializer;
    private AvroDeserializer<T> deserializer;

    /** For Kafka's reflective construction: generic records, or specific ones if {@code specific.avro.reader=true}. */
    public AvroSerde() {
        this(null, null);
    }

    /**
     * A serde of {@code type} (a generated class, {@code SpecificRecord.class}, {@code GenericRecord.class}, or
     * {@code null} to let {@code specific.avro.reader} decide), using {@code client} if not null and leaving it
     * open on {@link #close()}. {@link #configure} is required.
     */
    public AvroSerde(Class<T> type, SchemaRegistryClient client) {
        this.type = type;
        this.sharedClient = client;
    }

    /** A configured serde of the generated class {@code type}. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, Map<String, ?> config, boolean isKey) {
        return specific(type, null, config, isKey);
    }

    /** A configured serde of the generated class {@code type} using a shared registry client. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistryClient client,
                                                                  Map<String, ?> config, boolean isKey) {
        AvroSerde<T> serde = new AvroSerde<>(type, client);
        serde.configure(config, isKey);
        return serde;
    }

    /** A configured serde of {@link GenericRecord}s, read with their writer schema. */
    public static AvroSerde<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
        AvroSerde<GenericRecord> serde = new AvroSerde<>(GenericRecord.class, null);
        serde.configure(config, isKey);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        close();
        SchemaRegistryClient client = sharedClient;
        if (client == null) {
            ownClient = SchemaRegistryClient.fromConfig(configs);
            client = ownClient;
        }
        serializer = new AvroSerializer<>(client);
        serializer.configure(configs, isKey);
        deserializer = new AvroDeserializer<>(type, client);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return requireConfigured(serializer);
    }

    @Override
    public Deserializer<T> deserializer() {
        return requireConfigured(deserializer);
    }

    @Override
    public void close() {
        if (ownClient != null) {
            ownClient.close();
            ownClient = null;
        }
    }

    private <S> S requireConfigured(S part) {
        if (part == null) {
            throw new IllegalStateException("AvroSerde is not configured: call configure() or use a factory method");
        }
        return part;
    }
}
