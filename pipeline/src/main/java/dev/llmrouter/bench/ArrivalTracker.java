package dev.llmrouter.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the output topic on its own thread and records when the answer to each request of a run first
 * arrived. Requests are named {@code <run>-<seq>}; per run it keeps two arrays (scheduled send time and
 * arrival, nanoseconds), so hundreds of thousands of requests cost a few megabytes, not a map of records.
 */
final class ArrivalTracker implements AutoCloseable {

    /** One measured run of {@code size} requests. */
    static final class Run {
        /** Latency growth within a run that still counts as keeping up: scheduling and GC jitter, not a queue. */
        static final long KEPT_UP_SLACK_MICROS = 25_000;
        /** The highest median latency that is still a pipeline's and not a standing queue's. */
        static final long STANDING_QUEUE_MICROS = 250_000;
        private final String name;
        private final long[] scheduled;
        private final long[] arrived;
        private final AtomicInteger count = new AtomicInteger();

        Run(String name, int size) {
            this.name = name;
            this.scheduled = new long[size];
            this.arrived = new long[size];
        }

        String id(int seq) {
            return name + "-" + seq;
        }

        int size() {
            return scheduled.length;
        }

        void scheduled(int seq, long nanos) {
            scheduled[seq] = nanos;
        }

        synchronized void arrived(int seq, long nanos) {
            if (seq >= 0 && seq < arrived.length && arrived[seq] == 0) {
                arrived[seq] = nanos;
                count.incrementAndGet();
            }
        }

        int arrivals() {
            return count.get();
        }

        /** Latencies in microseconds of the answered requests from {@code fromSeq} on (earlier ones are warm-up). */
        synchronized long[] latenciesMicros(int fromSeq) {
            return java.util.stream.IntStream.range(fromSeq, arrived.length).filter(i -> arrived[i] != 0).mapToLong(this::latencyMicros).toArray();
        }

        /**
         * The highest latency, in milliseconds, of the answered requests scheduled in each second of the run from
         * {@code fromSeq} on: a tail that comes from one stall shows as one or two high seconds, a queue as a slope.
         */
        synchronized long[] maxLatencyMillisPerSecond(int fromSeq) {
            if (fromSeq >= scheduled.length) {
                return new long[0];
            }
            long start = scheduled[fromSeq];
            long[] max = new long[(int) ((scheduled[scheduled.length - 1] - start) / 1_000_000_000L) + 1];
            for (int i = fromSeq; i < arrived.length; i++) {
                if (arrived[i] != 0) {
                    int second = (int) ((scheduled[i] - start) / 1_000_000_000L);
                    max[second] = Math.max(max[second], latencyMicros(i) / 1_000);
                }
            }
            return max;
        }

        /**
         * Whether the answers kept up with the offered rate: every request answered, and the median latency of
         * the last fifth of the requests no more than a quarter above that of the second fifth, plus
         * {@link #KEPT_UP_SLACK_MICROS}. Under an offered load above capacity the queue, and with it the latency,
         * grows for the whole run: by the run's length times the share of the load the pipeline cannot carry.
         * Nor may a standing queue hold the median of the measured part (all but the first fifth) above
         * {@link #STANDING_QUEUE_MICROS}: a pipeline that batches gets cheaper per record as its queue grows, so
         * just above its capacity the queue can grow to seconds and then hold; that rate is kept up with, but
         * only by a backlog, and its latency is the backlog's.
         */
        synchronized boolean keptUp() {
            if (arrivals() < size()) {
                return false;
            }
            int fifth = size() / 5;
            if (fifth == 0) {
                return true;
            }
            return medianLatencyMicros(size() - fifth, size()) <= medianLatencyMicros(fifth, 2 * fifth) * 5 / 4 + KEPT_UP_SLACK_MICROS
                    && medianLatencyMicros(fifth, size()) <= STANDING_QUEUE_MICROS;
        }

        private long medianLatencyMicros(int from, int to) {
            long[] latencies = java.util.stream.IntStream.range(from, to).mapToLong(this::latencyMicros).sorted().toArray();
            return latencies[latencies.length / 2];
        }

        private long latencyMicros(int seq) {
            return (arrived[seq] - scheduled[seq]) / 1_000;
        }

        /** Completed requests per second between the 10th and the 90th percentile of arrivals: the steady state. */
        synchronized double steadyRatePerSecond() {
            long[] times = Arrays.stream(arrived).filter(t -> t != 0).sorted().toArray();
            if (times.length < 10) {
                return 0;
            }
            int from = times.length / 10;
            int to = times.length * 9 / 10 - 1;
            return (to - from) / ((times[to] - times[from]) / 1e9);
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Function<ConsumerRecord<byte[], byte[]>, String> idOf;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param idOf the request id a record answers, or null for records that answer none
     */
    ArrivalTracker(Map<String, Object> kafka, String topic, int partitions, Function<ConsumerRecord<byte[], byte[]>, String> idOf) {
        this.idOf = idOf;
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assigned = java.util.stream.IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        assigned.forEach(consumer::position);
        thread = Thread.ofPlatform().name("bench-arrivals-" + topic).start(this::loop);
    }

    Run newRun(String name, int size) {
        Run run = new Run(name, size);
        runs.put(name, run);
        return run;
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    String id = idOf.apply(record);
                    int dash = id == null ? -1 : id.lastIndexOf('-');
                    if (dash > 0) {
                        Run run = runs.get(id.substring(0, dash));
                        if (run != null) {
                            run.arrived(Integer.parseInt(id, dash + 1, id.length(), 10), now);
                        }
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll.
        } finally {
            consumer.close();
        }
    }

    /** Waits until every request of the run was answered, or until no answer came for {@code quiet}. */
    boolean await(Run run, Duration quiet) throws InterruptedException {
        int last = -1;
        long lastChange = System.nanoTime();
        while (run.arrivals() < run.size()) {
            int now = run.arrivals();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > quiet.toNanos()) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
    }
}
