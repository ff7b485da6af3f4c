package dev.llmrouter.worker;

import dev.llmrouter.deadletter.DeadLetters;
import dev.llmrouter.metrics.WorkerMetrics;
import dev.llmrouter.outcome.Responses;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.DeadLetterReason;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker instance: consumes dispatch records, runs each request's attempt chain asynchronously
 * with up to {@code maxInFlight} in flight, writes its cost events and response, and commits an input
 * offset only once everything before it is durably written. A crash therefore loses nothing: the
 * uncommitted records are dispatched again by the next owner of the partition, and consumers drop the
 * repeated cost events by (requestId, attempt).
 *
 * <p>{@link #run()} blocks the calling thread with the poll loop until {@link #close()}; provider calls
 * never run on it.
 */
public final class Worker implements Runnable, AutoCloseable {

    public static final String NAME = "worker";
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration POLL = Duration.ofMillis(50);
    /** How often calls an adapter never completed are failed (see {@link AttemptChain#expireOverdueCalls()}). */
    private static final Duration DEADLINE_SWEEP = Duration.ofSeconds(1);

    private final WorkerConfig config;
    private final Topics topics;
    private final AttemptChain chain;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Deserializer<DispatchRecord> dispatchReader;
    private final Serializer<String> keyWriter;
    private final WorkerMetrics metrics;
    private final AutoCloseable clientMetrics;
    private final OffsetTracker offsets = new OffsetTracker();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile boolean running = true;
    private boolean paused;

    /**
     * @param kafkaConfig client settings shared by the consumer and producer (bootstrap servers, security)
     */
    public Worker(WorkerConfig config, Topics topics, AttemptChain chain, Map<String, Object> kafkaConfig) {
        this(config, topics, chain, kafkaConfig, WorkerMetrics.none());
    }

    /**
     * @param kafkaConfig client settings shared by the consumer and producer (bootstrap servers, security)
     * @param metrics     where completed requests and the Kafka clients' metrics are recorded
     */
    public Worker(WorkerConfig config, Topics topics, AttemptChain chain, Map<String, Object> kafkaConfig, WorkerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.topics = topics;
        this.chain = chain;
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Dispatch records are written in the route stage's transactions (exactly_once_v2): a record of a
        // transaction that is later aborted is dispatched again, so calling the provider for it would pay twice.
        consumerConfig.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A read_committed fetch would otherwise wait up to 500 ms for records that became committed meanwhile.
        consumerConfig.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumerConfig.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        consumerConfig.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.dispatchReader = topics.dispatch().valueSerde().deserializer();
        this.keyWriter = topics.dispatch().keySerde().serializer();
        this.clientMetrics = metrics.bindClients(consumer, producer);
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topics.dispatch().name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit(true);
                offsets.forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                log.info("Worker assigned {}", partitions);
            }
        });
        long nextCommit = System.nanoTime();
        long nextSweep = System.nanoTime();
        try {
            while (running) {
                Throwable failure = fatal.get();
                if (failure != null) {
                    throw new IllegalStateException("worker cannot write its outputs", failure);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    dispatch(record);
                }
                applyBackpressure();
                long now = System.nanoTime();
                if (now >= nextCommit) {
                    commit(false);
                    nextCommit = now + config.commitInterval().toNanos();
                }
                if (now >= nextSweep) {
                    chain.expireOverdueCalls();
                    nextSweep = now + DEADLINE_SWEEP.toNanos();
                }
            }
            drain();
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            drain();
        } finally {
            closeQuietly(clientMetrics);
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** Calls in flight right now. */
    public int inFlight() {
        return offsets.inFlight();
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.started(partition, record.offset());
        DispatchRecord dispatch;
        try {
            dispatch = dispatchReader.deserialize(record.topic(), record.headers(), record.value());
            if (dispatch == null) {
                throw new IllegalArgumentException("record has no value");
            }
        } catch (RuntimeException e) {
            var letter = DeadLetters.of(NAME, record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                    record.headers(), DeadLetterReason.DESERIALIZATION, "cannot read dispatch record: " + DeadLetters.describe(e), e);
            String dlq = topics.deadLetters().name();
            send(List.of(new ProducerRecord<>(dlq, record.key(), topics.deadLetters().valueSerde().serializer().serialize(dlq, letter))))
                    .thenRun(() -> offsets.completed(partition, record.offset()));
            return;
        }
        chain.run(dispatch)
                .exceptionally(failure -> unexpected(dispatch, failure))
                .thenCompose(completion -> send(toRecords(completion)).thenRun(
                        () -> metrics.completed(completion.response(), completion.costEvents())))
                .whenComplete((ignored, failure) -> {
                    if (failure == null) {
                        offsets.completed(partition, record.offset());
                    }
                });
    }

    /** A bug must not stall the partition: the request gets a FAILED response that says what went wrong. */
    private static Completion unexpected(DispatchRecord dispatch, Throwable failure) {
        log.error("Attempt chain failed unexpectedly for request {}", dispatch.getRequest().getRequestId(), failure);
        return new Completion(Responses.forDispatch(dispatch, Instant.now())
                .setStatus(ResponseStatus.FAILED)
                .setError("internal error in the worker: " + DeadLetters.describe(failure))
                .build(), List.of());
    }

    private List<ProducerRecord<byte[], byte[]>> toRecords(Completion completion) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(completion.costEvents().size() + 1);
        String user = completion.response().getUserId();
        byte[] key = keyWriter.serialize(topics.costEvents().name(), user);
        Serializer<CostEvent> costWriter = topics.costEvents().valueSerde().serializer();
        for (CostEvent event : completion.costEvents()) {
            records.add(new ProducerRecord<>(topics.costEvents().name(), key, costWriter.serialize(topics.costEvents().name(), event)));
        }
        records.add(new ProducerRecord<>(topics.responses().name(), key,
                topics.responses().valueSerde().serializer().serialize(topics.responses().name(), completion.response())));
        return records;
    }

    /** Completes when every record is acknowledged by the broker; a failure stops the worker. */
    private CompletableFuture<Void> send(List<ProducerRecord<byte[], byte[]>> records) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    ack.complete(null);
                } else {
                    // The producer already retried until delivery.timeout.ms: the offset stays uncommitted and
                    // the worker restarts, so the request is dispatched again rather than lost.
                    fatal.compareAndSet(null, exception);
                    ack.completeExceptionally(exception);
                }
            });
            acks.add(ack);
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    private void applyBackpressure() {
        int inFlight = offsets.inFlight();
        if (!paused && inFlight >= config.maxInFlight()) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && inFlight <= config.maxInFlight() * 3 / 4) {
            consumer.resume(consumer.assignment());
            paused = false;
        }
    }

    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> ready = offsets.committable();
        if (ready.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(ready);
        } else {
            consumer.commitAsync(ready, (committed, exception) -> {
                if (exception != null) {
                    log.warn("Offset commit failed; the next commit covers it: {}", exception.toString());
                }
            });
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        consumer.pause(consumer.assignment());
        while (offsets.inFlight() > 0 && System.nanoTime() < deadline && fatal.get() == null) {
            consumer.poll(POLL);
            chain.expireOverdueCalls();
            commit(false);
        }
        producer.flush();
        try {
            commit(true);
        } catch (RuntimeException e) {
            log.warn("Final offset commit failed; uncommitted requests will be dispatched again: {}", e.toString());
        }
        if (offsets.inFlight() > 0) {
            log.warn("Worker closed with {} calls in flight; their requests will be dispatched again", offsets.inFlight());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("Closing the worker's client metrics failed: {}", e.toString());
        }
    }

    /** Stops polling, waits up to the drain timeout for calls in flight, commits and returns. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
