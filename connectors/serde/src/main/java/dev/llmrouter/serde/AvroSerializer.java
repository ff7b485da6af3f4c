package dev.llmrouter.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes Avro records ({@link SpecificRecord} classes or {@link org.apache.avro.generic.GenericRecord}s)
 * into the Confluent wire format, registering or looking up their schema in the registry.
 *
 * <p>Configuration ({@link AvroSerdeConfig}): {@code schema.registry.url} (unless a client is given),
 * {@code auto.register.schemas} (default true), {@code use.latest.version} (default false),
 * {@code latest.cache.ttl.sec}, {@code key.subject.name.strategy} / {@code value.subject.name.strategy}.
 *
 * <p>The registry is asked once per (topic, schema); afterwards serialization makes no registry call.
 * Registry failures surface as {@link SchemaRegistryException}, records that cannot be encoded as
 * {@link SerializationException}. Thread-safe once configured.
 *
 * @param <T> the record type
 */
public class AvroSerializer<T> implements Serializer<T> {

    private static final long NEVER = Long.MAX_VALUE;
    /** Larger buffers are dropped after use rather than kept for the next record. */
    private static final int MAX_RETAINED_BUFFER = 64 * 1024;
    /** Encoding buffers of platform threads (stream threads, HTTP client threads), reused without any coordination. */
    private static final ThreadLocal<Buffers> THREAD_BUFFERS = new ThreadLocal<>();
    /**
     * Encoding buffers shared by virtual threads, where a ThreadLocal would build new buffers (about 3 KB) for
     * every record, since each task has a thread of its own. Lock-free: the blocking queue this was before had
     * one lock, which the stream thread, the worker and the HTTP client's threads contended for, and a thread
     * that lost parked and had to be woken.
     */
    private static final SharedBuffers SHARED_BUFFERS = new SharedBuffers(64);

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private SubjectNameStrategy subjectNames;
    private boolean autoRegister;
    private boolean useLatest;
    private long latestTtlNanos;
    private BoundedCache<TargetKey, Target> targets;

    /** For Kafka's reflective construction; {@link #configure} creates the registry client from the config. */
    public AvroSerializer() {
    }

    /** Uses a shared registry client, which {@link #close()} leaves open; {@link #configure} is still required. */
    public AvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = SchemaRegistryClient.fromConfig(configs);
            ownsClient = true;
        }
        this.isKey = isKey;
        String strategyKey = isKey ? AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY : AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY;
        subjectNames = SubjectNameStrategy.parse(strategyKey, configs.get(strategyKey));
        autoRegister = AvroSerdeConfig.bool(configs, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
        useLatest = AvroSerdeConfig.bool(configs, AvroSerdeConfig.USE_LATEST_VERSION, false);
        long ttlSeconds = AvroSerdeConfig.number(configs.get(AvroSerdeConfig.LATEST_CACHE_TTL_SEC),
                AvroSerdeConfig.LATEST_CACHE_TTL_SEC, -1);
        latestTtlNanos = ttlSeconds < 0 ? NEVER : ttlSeconds * 1_000_000_000L;
        int capacity = (int) AvroSerdeConfig.number(AvroSerdeConfig.clientValue(configs, AvroSerdeConfig.MAX_SCHEMAS_PER_SUBJECT),
                AvroSerdeConfig.MAX_SCHEMAS_PER_SUBJECT, 1000);
        targets = new BoundedCache<>(capacity);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (targets == null) {
            throw new IllegalStateException("AvroSerializer is not configured: call configure() first");
        }
        if (!(data instanceof GenericContainer container)) {
            throw new SerializationException("Expected an Avro record (SpecificRecord or GenericRecord), got "
                    + data.getClass().getName());
        }
        Target target = target(new TargetKey(topic, container.getSchema(), data.getClass()));
        return encode(target, data, container.getSchema());
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private Target target(TargetKey key) {
        Target target = targets.get(key, this::resolve);
        if (target.expiresAt() != NEVER && System.nanoTime() - target.expiresAt() > 0) {
            targets.remove(key, target);
            target = targets.get(key, this::resolve);
        }
        return target;
    }

    private Target resolve(TargetKey key) {
        Schema schema = key.schema();
        String subject = subjectNames.subject(key.topic(), isKey, schema);
        GenericData model = SpecificRecord.class.isAssignableFrom(key.type()) ? SpecificData.getForClass(key.type()) : GenericData.get();
        if (!useLatest) {
            int id = autoRegister ? client.register(subject, schema) : lookup(subject, schema);
            return new Target(id, writer(schema, model), NEVER);
        }
        SchemaRegistryClient.RegisteredSchema latest;
        try {
            latest = client.getLatest(subject);
        } catch (SchemaRegistryException e) {
            throw e.status() == 404
                    ? new SchemaRegistryException(AvroSerdeConfig.USE_LATEST_VERSION + "=true but subject '" + subject
                            + "' has no registered version", e)
                    : e;
        }
        long expiresAt = latestTtlNanos == NEVER ? NEVER : System.nanoTime() + latestTtlNanos;
        // Same parsing canonical form means the same binary encoding: the record's own fast writer will do.
        boolean sameEncoding = SchemaNormalization.parsingFingerprint64(latest.schema())
                == SchemaNormalization.parsingFingerprint64(schema);
        DatumWriter<Object> writer = sameEncoding ? writer(schema, model) : new GenericDatumWriter<>(latest.schema(), new ByFieldName(model));
        return new Target(latest.id(), writer, expiresAt);
    }

    private int lookup(String subject, Schema schema) {
        try {
            return client.lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                throw new SchemaRegistryException("Schema of " + schema.getFullName() + " is not registered under subject '"
                        + subject + "' and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=false", e);
            }
            throw e;
        }
    }

    private static DatumWriter<Object> writer(Schema schema, GenericData model) {
        return model instanceof SpecificData specific
                ? new SpecificDatumWriter<>(schema, specific)
                : new GenericDatumWriter<>(schema, model);
    }

    private static byte[] encode(Target target, Object data, Schema schema) {
        boolean virtual = Thread.currentThread().isVirtual();
        Buffers buffers = virtual ? SHARED_BUFFERS.take() : THREAD_BUFFERS.get();
        // A serializer called from within another's encoding on the same thread gets buffers of its own.
        if (buffers == null || buffers.inUse) {
            buffers = new Buffers();
            if (!virtual && THREAD_BUFFERS.get() == null) {
                THREAD_BUFFERS.set(buffers);
            }
        }
        buffers.inUse = true;
        ByteArrayOutputStream out = buffers.out;
        out.reset();
        ConfluentWireFormat.writeHeader(out, target.id());
        try {
            buffers.encoder = EncoderFactory.get().binaryEncoder(out, buffers.encoder);
            target.writer().write(data, buffers.encoder);
            buffers.encoder.flush();
        } catch (IOException | RuntimeException e) {
            // The encoder may hold half a record in its buffer: these buffers are dropped, not reused.
            if (!virtual && THREAD_BUFFERS.get() == buffers) {
                THREAD_BUFFERS.remove();
            }
            throw new SerializationException("Cannot encode " + schema.getFullName() + " with schema id " + target.id()
                    + ": " + e, e);
        }
        byte[] bytes = out.toByteArray();
        buffers.inUse = false;
        if (out.size() > MAX_RETAINED_BUFFER) {
            if (!virtual && THREAD_BUFFERS.get() == buffers) {
                THREAD_BUFFERS.remove();
            }
        } else if (virtual) {
            SHARED_BUFFERS.give(buffers);
        }
        return bytes;
    }

    /** A fixed number of slots, each holding buffers or nothing, taken and given back with one atomic swap each. */
    private static final class SharedBuffers {

        private final AtomicReferenceArray<Buffers> slots;

        SharedBuffers(int size) {
            this.slots = new AtomicReferenceArray<>(size);
        }

        /** Buffers from some slot, or null when every slot is empty. */
        Buffers take() {
            int start = start();
            for (int i = 0; i < slots.length(); i++) {
                Buffers buffers = slots.getAndSet((start + i) % slots.length(), null);
                if (buffers != null) {
                    return buffers;
                }
            }
            return null;
        }

        /** Puts the buffers into an empty slot, or drops them when there is none. */
        void give(Buffers buffers) {
            int start = start();
            for (int i = 0; i < slots.length(); i++) {
                if (slots.compareAndSet((start + i) % slots.length(), null, buffers)) {
                    return;
                }
            }
        }

        /** Threads start at different slots, so they seldom race for the same one. */
        private int start() {
            return (int) Math.floorMod(Thread.currentThread().threadId(), (long) slots.length());
        }
    }

    private record TargetKey(String topic, Schema schema, Class<?> type) {
    }

    private record Target(int id, DatumWriter<Object> writer, long expiresAt) {
    }

    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
        /** Taken by an encoding on the thread that owns them; only ever read and written by that thread. */
        boolean inUse;
    }

    /**
     * Reads record fields by name instead of position, with the target schema's default for fields the record
     * lacks, so a record can be written with the subject's latest schema when that differs from its own.
     */
    private static final class ByFieldName extends GenericData {

        ByFieldName(GenericData model) {
            super(model.getClassLoader());
            model.getConversions().forEach(this::addLogicalTypeConversion);
        }

        @Override
        protected Object getRecordState(Object record, Schema targetSchema) {
            return targetSchema;
        }

        @Override
        protected Object getField(Object record, String name, int position, Object targetSchema) {
            IndexedRecord source = (IndexedRecord) record;
            Schema.Field own = source.getSchema().getField(name);
            return own != null ? source.get(own.pos()) : getDefaultValue(((Schema) targetSchema).getField(name));
        }
    }
}
