package dev.llmrouter.runtime;

import dev.llmrouter.deadletter.DeadLetterExceptionHandler;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running Kafka Streams application of one pipeline instance. */
public final class StreamsApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    /** How long a consumer's fetch waits for data when there is none; see {@link #properties}. */
    public static final int FETCH_MAX_WAIT_MS = 50;

    /** How long the stream thread blocks in {@code poll} when no records arrive; see {@link #properties}. */
    public static final long POLL_MS = 10;

    /** The Streams producer's {@code linger.ms}, unless the configuration sets one; see {@link #properties}. */
    public static final long LINGER_MS = 5;

    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);

    public StreamsApp(Topology topology, PipelineConfig config) {
        Properties properties = properties(config);
        this.streams = new KafkaStreams(topology, properties, StreamsClients.of(properties));
        streams.setStateListener((next, previous) -> {
            state.set(next);
            if (next == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            log.info("Streams {} -> {}", previous, next);
        });
        // A stream thread that dies is replaced; records it was processing are reprocessed from the last commit.
        streams.setUncaughtExceptionHandler(exception -> {
            log.error("Stream thread failed; replacing it", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    static Properties properties(PipelineConfig config) {
        StreamsSettings settings = config.streams();
        Properties props = new Properties();
        props.putAll(config.kafka());
        props.putAll(config.serde());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.processingGuarantee());
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitIntervalMs());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        if (config.http().enabled()) {
            // Where other instances send interactive queries for keys this instance holds.
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.http().advertisedHost() + ":" + config.http().port());
        }
        // A request waits on every hop, so batches wait briefly (Streams' own default is 100 ms). Under exactly-once a
        // longer linger delays no reader: 100 ms cut the produce requests by a third and gained nothing measurable
        // (docs/PERFORMANCE.md, session 16).
        String linger = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);
        if (!config.kafka().containsKey(ProducerConfig.LINGER_MS_CONFIG) && !config.kafka().containsKey(linger)) {
            props.put(linger, LINGER_MS);
        }
        // Under exactly_once_v2 a read_committed fetch waits up to fetch.max.wait.ms (500 ms by default) before it
        // returns records that became committed meanwhile; a request crosses two such hops (docs/PERFORMANCE.md).
        if (!config.kafka().containsKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)) {
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), FETCH_MAX_WAIT_MS);
        }
        // No stage joins streams, so a task need not hold records back until every input partition has data
        // to keep timestamps in order; deciding that on every record (max.task.idle.ms=0, the default) was 3% of
        // the pipeline's CPU and 6% of its allocations (docs/PERFORMANCE.md).
        if (!config.kafka().containsKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)) {
            props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        }
        // The stream thread checks whether to commit only between polls, and an idle poll blocks for poll.ms (100 ms by
        // default). Under exactly-once the last records before a pause stay invisible until that commit, so a request
        // at light load waited up to commit.interval.ms plus poll.ms (docs/PERFORMANCE.md, "poll.ms").
        if (!config.kafka().containsKey(StreamsConfig.POLL_MS_CONFIG)) {
            props.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
        }
        return props;
    }

    public void start() {
        streams.start();
    }

    /** Waits until the application is RUNNING (all tasks assigned and restored). */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Streams application not running after " + timeout.toSeconds() + " s; state " + state.get());
        }
    }

    public KafkaStreams.State state() {
        return state.get();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
