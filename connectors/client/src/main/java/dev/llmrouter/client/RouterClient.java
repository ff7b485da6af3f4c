package dev.llmrouter.client;

import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.serde.AvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How an application talks to the router: publish a {@link PromptRequest} to the request topic and get
 * its {@link LlmResponse} from the response topic, as a future or as a stream.
 *
 * <pre>{@code
 * try (RouterClient client = RouterClient.builder()
 *         .bootstrapServers("kafka:9092").schemaRegistryUrl("http://registry:8081").build()) {
 *     LlmResponse answer = client.submit(request).get();
 * }
 * }</pre>
 *
 * <p>Requests are keyed by user id, as the pipeline requires; the client correlates responses by request id,
 * so request ids must be unique. Every request waits at most its timeout, after which its future fails with a
 * {@link RequestTimeoutException}. Any number of requests may be pending at once and the client is safe for
 * concurrent use; one instance per process is the intended use.
 *
 * <p>Several clients, in one process or many, may share the response topic: each reads all of it (assigned
 * partitions, no consumer group) and keeps only the responses to its own pending requests.
 *
 * <p>Futures complete on the client's response thread: dependent stages added without an executor run there
 * and hold up every other response of this client, so keep them short or use the {@code *Async} variants.
 */
public final class RouterClient implements AutoCloseable {

    /** The pipeline's default request topic. */
    public static final String DEFAULT_REQUEST_TOPIC = "llm-requests";
    /** The pipeline's default response topic. */
    public static final String DEFAULT_RESPONSE_TOPIC = "llm-responses";

    private final String requestTopic;
    private final Duration defaultTimeout;
    private final KafkaProducer<String, PromptRequest> producer;
    private final PendingRequests pending;
    private final ExecutorService streamThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final SubmissionPublisher<LlmResponse> stream;
    private final ResponseReader reader;
    private final Serde<PromptRequest> requestSerde;
    private final Serde<LlmResponse> responseSerde;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<Exception> readerFailure = new AtomicReference<>();

    private RouterClient(Builder builder) {
        this.requestTopic = builder.requestTopic;
        this.defaultTimeout = builder.defaultTimeout;
        this.pending = new PendingRequests(builder.clientId);
        this.stream = new SubmissionPublisher<>(streamThreads, builder.streamBuffer);
        this.requestSerde = AvroSerde.specific(PromptRequest.class, builder.serde, false);
        this.responseSerde = AvroSerde.specific(LlmResponse.class, builder.serde, false);
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A request waits for its answer: batch for at most a millisecond.
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producerConfig.putAll(builder.kafka);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, builder.clientId + "-requests");
        try {
            this.reader = new ResponseReader(builder.kafka, builder.clientId, builder.responseTopic, responseSerde.deserializer(),
                    this::deliver, this::readerFailed, builder.startTimeout);
            this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), requestSerde.serializer());
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A fresh request id for a request built by the caller: a random (version 4) UUID. Ids need to be unique,
     * not unguessable, so they come from {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}, whose
     * shared SecureRandom every thread of a busy ingress would queue on.
     */
    public static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** Publishes {@code request} and returns its response, or fails after the client's default timeout. */
    public CompletableFuture<LlmResponse> submit(PromptRequest request) {
        return submit(request, defaultTimeout);
    }

    /**
     * Publishes {@code request} and returns its response. The future fails with a {@link RequestTimeoutException}
     * when no response arrived within {@code timeout}, with the producer's exception when the request could not
     * be published, and with an {@link IllegalStateException} when the client is closed first. Cancelling it
     * stops the wait (not the request). A response of any status (OK, REFUSED, INVALID, FAILED) completes it
     * normally: the status says what happened.
     *
     * @throws IllegalArgumentException when a request with the same id is still pending in this client
     */
    public CompletableFuture<LlmResponse> submit(PromptRequest request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("RouterClient is closed"));
        }
        Exception failure = readerFailure.get();
        if (failure != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("RouterClient cannot read responses", failure));
        }
        String requestId = request.getRequestId();
        // Registered before sending: the response cannot overtake its own registration.
        CompletableFuture<LlmResponse> response = pending.register(requestId, timeout);
        try {
            producer.send(new ProducerRecord<>(requestTopic, request.getUserId(), request), (metadata, exception) -> {
                if (exception != null) {
                    pending.fail(requestId, exception);
                }
            });
        } catch (RuntimeException e) {
            pending.fail(requestId, e);
        }
        return response;
    }

    /**
     * Responses to this client's pending requests as they arrive, for applications that submit and consume
     * separately. Each subscriber has a buffer of the builder's {@code streamBuffer} responses; when a
     * subscriber's buffer is full the client waits for it, delaying this client's other responses (and their
     * futures) like any Kafka consumer that applies back-pressure. Completes when the client closes.
     */
    public Flow.Publisher<LlmResponse> responses() {
        return stream;
    }

    /** Requests submitted and not yet answered, timed out or cancelled. */
    public int pending() {
        return pending.size();
    }

    private void deliver(LlmResponse response) {
        if (pending.complete(response) && stream.hasSubscribers()) {
            stream.submit(response);
        }
    }

    private void readerFailed(Exception failure) {
        readerFailure.set(failure);
        pending.failAll(new IllegalStateException("RouterClient stopped reading responses", failure));
    }

    /** Sends what is buffered, stops reading and fails every request still pending. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        producer.close(Duration.ofSeconds(10));
        closeQuietly();
        pending.failAll(new IllegalStateException("RouterClient closed before the response arrived"));
    }

    private void closeQuietly() {
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.close();
        stream.close();
        streamThreads.close();
        requestSerde.close();
        responseSerde.close();
    }

    /** Settings of a {@link RouterClient}; only the bootstrap servers and the registry URL are required. */
    public static final class Builder {

        private final Map<String, Object> kafka = new LinkedHashMap<>();
        private final Map<String, Object> serde = new LinkedHashMap<>();
        private String requestTopic = DEFAULT_REQUEST_TOPIC;
        private String responseTopic = DEFAULT_RESPONSE_TOPIC;
        private Duration defaultTimeout = Duration.ofSeconds(120);
        private Duration startTimeout = Duration.ofSeconds(30);
        private String clientId = "llm-router-client-" + UUID.randomUUID().toString().substring(0, 8);
        private int streamBuffer = Flow.defaultBufferSize();

        private Builder() {
        }

        public Builder bootstrapServers(String servers) {
            kafka.put("bootstrap.servers", servers);
            return this;
        }

        /** Any Kafka client setting (security, producer or consumer tuning), passed to both clients unchanged. */
        public Builder kafka(Map<String, ?> settings) {
            kafka.putAll(settings);
            return this;
        }

        public Builder schemaRegistryUrl(String url) {
            serde.put("schema.registry.url", url);
            return this;
        }

        /** Serde settings as the pipeline takes them: {@code schema.registry.url}, {@code auto.register.schemas}, ... */
        public Builder serde(Map<String, ?> settings) {
            serde.putAll(settings);
            return this;
        }

        public Builder requestTopic(String topic) {
            this.requestTopic = Objects.requireNonNull(topic);
            return this;
        }

        public Builder responseTopic(String topic) {
            this.responseTopic = Objects.requireNonNull(topic);
            return this;
        }

        /** How long {@link #submit(PromptRequest)} waits; default 120 s, a slow premium model's worst case. */
        public Builder defaultTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.defaultTimeout = timeout;
            return this;
        }

        /** How long {@link #build()} waits for the broker to describe the response topic; default 30 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Prefix of the Kafka client ids and thread names, to find this client in broker metrics and thread dumps. */
        public Builder clientId(String id) {
            this.clientId = Objects.requireNonNull(id);
            return this;
        }

        /** Responses buffered per {@link #responses()} subscriber; default {@link Flow#defaultBufferSize()}. */
        public Builder streamBuffer(int responses) {
            if (responses <= 0) {
                throw new IllegalArgumentException("streamBuffer must be positive");
            }
            this.streamBuffer = responses;
            return this;
        }

        /**
         * Connects: resolves the response topic's partitions and the end of each (so no response can be missed),
         * then opens the producer.
         *
         * @throws IllegalArgumentException when the bootstrap servers or the registry URL are missing
         * @throws IllegalStateException    when the response topic does not exist
         */
        public RouterClient build() {
            if (!kafka.containsKey("bootstrap.servers")) {
                throw new IllegalArgumentException("bootstrap.servers is required");
            }
            if (!serde.containsKey("schema.registry.url")) {
                throw new IllegalArgumentException("schema.registry.url is required");
            }
            return new RouterClient(this);
        }
    }
}
