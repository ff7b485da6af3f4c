package dev.llmrouter.bench;

import dev.llmrouter.embedded.BrokerProcess;
import dev.llmrouter.embedded.EmbeddedKafka;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;
import dev.llmrouter.topics.Topic;
import dev.llmrouter.topics.TopicAdmin;
import dev.llmrouter.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The whole pipeline end to end (classify, route with budgets, workers calling providers, responses,
 * cost events and budget settlement) on one broker, with the provider simulator answering at once, in
 * {@code at_least_once} and {@code exactly_once_v2}; and, on the same broker in the same run, a raw Kafka
 * produce and consume of records of the same size, so every figure is also a ratio to Kafka itself.
 *
 * <p>Each instance under test runs as in production, in a JVM of its own ({@code llm-router run}); so do the
 * simulator, the registry and (by default) the broker. The load generator and the readers of the answers
 * share the benchmark's JVM. Per guarantee: warm-up, maximum sustained throughput (a backlog drained as
 * fast as the pipeline can), then latency at fixed offered loads, open loop, measured from each request's
 * scheduled send time to the arrival of its response.
 */
public final class PipelineBench {

    /**
     * @param brokerInProcess    the broker in the benchmark's JVM instead of its own
     * @param throughputRequests the backlog drained to measure throughput
     * @param latencyRun         how long each fixed offered load runs (the first 20% is not measured)
     * @param warmUp             each fresh pipeline JVM is warmed up at 2,000 requests/s at least this long, and on until
     *                           the JIT compilers of the benchmark's processes settle
     * @param warmUpLimit        the longest warm-up, settled or not
     * @param rates              the fixed offered loads, requests/s; the search for the highest sustainable rate follows
     * @param guarantees         processing guarantees to measure
     * @param partitions         of every topic
     * @param streamThreads      of the Streams application
     * @param commitIntervalMs   of the Streams application, per guarantee
     * @param users              distinct user ids the requests come from (each has a budget)
     * @param clientConfig       extra Kafka client settings for the pipeline and the benchmark's own clients
     */
    public record Options(boolean brokerInProcess, int throughputRequests, Duration latencyRun, Duration warmUp, Duration warmUpLimit,
                          List<Integer> rates,
                          List<String> guarantees, int partitions, int streamThreads, Map<String, Integer> commitIntervalMs, int users,
                          Map<String, String> clientConfig) {
    }

    static final String RAW_TOPIC = "bench-raw";
    private static final String PROMPT = "Summarise in one sentence why the sky is blue, for a ten-year-old.";
    private static final Duration QUIET = Duration.ofSeconds(20);
    /** The first candidate of the sustainable-rate search, as a share of the backlog's drain rate. */
    private static final double SEARCH_START = 0.8;
    /** Each further candidate, as a share of the one that fell behind. */
    private static final double SEARCH_STEP = 0.85;
    private static final int SEARCH_STEPS = 5;

    private final Options options;
    private final PrintStream out;
    private final Map<String, Object> result = new LinkedHashMap<>();
    /** The commits of the pipeline being measured; null while raw Kafka is. */
    private CommitWait commitWait;

    public PipelineBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        return WorkDir.using("llm-router-bench-pipeline", out, this::run);
    }

    private Map<String, Object> run(Path work) throws Exception {
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("load_average_at_start", loadAverage());
        result.put("broker", options.brokerInProcess() ? "in-process" : "own JVM");
        result.put("users", options.users());
        out.printf("  starting Kafka broker (KRaft, %s), schema registry and provider simulator (own JVMs) ...%n",
                options.brokerInProcess() ? "in the benchmark's JVM" : "own JVM");
        try (KafkaCluster broker = options.brokerInProcess() ? EmbeddedKafka.start() : BrokerProcess.start();
             SchemaRegistryProcess registry = SchemaRegistryProcess.start();
             SimulatorProcess simulator = SimulatorProcess.start("defaultProfile:\n  latency: {type: fixed, value: 0ms}\n", work, SimulatorProcess.INSTANT)) {
            Map<String, Object> kafka = new LinkedHashMap<>(options.clientConfig());
            kafka.put("bootstrap.servers", broker.bootstrapServers());
            result.put("client_config", options.clientConfig());
            Topics topics = new Topics(options.partitions(), Map.of("schema.registry.url", registry.url()));
            TopicAdmin.ensureTopics(kafka, topics.all(), (short) 1);
            Topic<byte[], byte[]> raw = new Topic<>(RAW_TOPIC, Serdes.ByteArray(), Serdes.ByteArray(), options.partitions(), Map.of());
            TopicAdmin.ensureTopics(kafka, List.of(raw), (short) 1);
            int recordBytes = topics.requests().valueSerde().serializer().serialize(Topics.REQUESTS, request("size-0", 0)).length;
            result.put("request_record_bytes", recordBytes);

            long self = ProcessHandle.current().pid();
            long brokerPid = broker instanceof BrokerProcess process ? process.pid() : self;
            Map<String, Long> processes = new LinkedHashMap<>();
            if (brokerPid == self) {
                processes.put("broker_and_load_generator", self);
            } else {
                processes.put("broker", brokerPid);
                processes.put("load_generator", self);
            }
            rawKafka(kafka, recordBytes, processes);
            processes.put("simulator", simulator.pid());
            for (String guarantee : options.guarantees()) {
                pipeline(guarantee, kafka, registry.url(), topics, simulator, work, processes);
            }
            ratios();
        }
        result.put("load_average_at_end", loadAverage());
        return result;
    }

    /** Produce and consume records of the request's size on the same broker, with the load generator's producer settings. */
    private void rawKafka(Map<String, Object> kafka, int recordBytes, Map<String, Long> processes) throws Exception {
        try (var tracker = new ArrivalTracker(kafka, RAW_TOPIC, options.partitions(), r -> new String(r.key(), StandardCharsets.UTF_8));
             var producer = new KafkaProducer<>(producerConfig(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] value = new byte[recordBytes];
            // The key carries the id, as the pipeline's responses carry the request id.
            OpenLoopSender.Emitter keyed = (id, seq) -> producer.send(new ProducerRecord<>(RAW_TOPIC, id.getBytes(StandardCharsets.UTF_8), value));
            measure("raw_kafka", tracker, keyed, producer::flush, processes, null);
        }
    }

    private void pipeline(String guarantee, Map<String, Object> kafka, String registryUrl, Topics topics, SimulatorProcess simulator,
                          Path work, Map<String, Long> shared) throws Exception {
        String mode = guarantee.startsWith("exactly") ? "eos" : "alos";
        int commitInterval = options.commitIntervalMs().getOrDefault(guarantee, (int) StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS);
        out.printf("  %s: starting the pipeline (own JVM, %s, commit.interval.ms %d, %d stream thread(s), 1 worker) ...%n", mode,
                guarantee, commitInterval, options.streamThreads());
        PipelineProcess.Options instance = PipelineProcess.Options.full("pipeline-" + mode, kafka, registryUrl, options.partitions())
                .withStreams(guarantee, commitInterval, options.streamThreads());
        Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        var responses = topics.responses().valueSerde().deserializer();
        AtomicLong seen = new AtomicLong();
        try (PipelineProcess pipeline = PipelineProcess.start(instance, simulator::baseUrl, work);
             var tracker = new ArrivalTracker(kafka, Topics.RESPONSES, options.partitions(), record -> {
                 // Every 50th response is read whole to count outcomes: a fast failure is not a fast answer.
                 if (seen.incrementAndGet() % 50 == 0) {
                     LlmResponse response = responses.deserialize(Topics.RESPONSES, record.value());
                     statuses.computeIfAbsent(response.getStatus().name(), s -> new AtomicLong()).incrementAndGet();
                 }
                 return requestId(record);
             });
             var producer = new KafkaProducer<>(producerConfig(kafka), topics.requests().keySerde().serializer(),
                     topics.requests().valueSerde().serializer())) {
            OpenLoopSender.Emitter emitter = (id, seq) -> {
                PromptRequest request = request(id, seq);
                producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getUserId(), request));
            };
            Map<String, Long> processes = new LinkedHashMap<>(shared);
            processes.put("pipeline", pipeline.pid());
            measure(mode, tracker, emitter, producer::flush, processes, new CommitWait(pipeline.metricsUrl(Duration.ofMinutes(2))));
            Map<String, Long> sampled = new java.util.TreeMap<>();
            statuses.forEach((status, count) -> sampled.put(status, count.get()));
            result.put(mode + "_response_status_sample", sampled);
            result.put(mode + "_commit_interval_ms", commitInterval);
            if (!pipeline.isAlive()) {
                throw new IllegalStateException("the pipeline exited during the run; see " + pipeline.log());
            }
        }
    }

    /**
     * Warm-up, maximum sustained throughput, latency at each fixed rate, then the search for the highest sustainable rate.
     * {@code commitWait} reads the pipeline's commits (null for raw Kafka, which has no stream thread).
     */
    private void measure(String mode, ArrivalTracker tracker, OpenLoopSender.Emitter emitter, Runnable flush, Map<String, Long> processes,
                         CommitWait commitWait) throws Exception {
        this.commitWait = commitWait;
        int warmRate = 2_000;
        out.printf("  %s: warming up at %,d/s, at least %d s and until the JIT compilers settle (at most %d s) ...%n", mode, warmRate,
                options.warmUp().toSeconds(), options.warmUpLimit().toSeconds());
        List<ArrivalTracker.Run> warm = new java.util.ArrayList<>();
        JitWarmUp.of(options.warmUp(), options.warmUpLimit(), processes.values()).run(length -> {
            ArrivalTracker.Run slice = tracker.newRun(mode + "warm" + warm.size(), (int) (warmRate * length.toSeconds()));
            warm.add(slice);
            OpenLoopSender.send(slice, warmRate, emitter);
            flush.run();
            // A fresh pipeline joins its consumer groups during the first slice; allow for that once.
            tracker.await(slice, warm.size() == 1 ? Duration.ofSeconds(90) : QUIET);
        }, out).report(mode + "_", result);
        result.put(mode + "_warmup_lost", warm.stream().mapToLong(r -> r.size() - r.arrivals()).sum());

        ArrivalTracker.Run backlog = tracker.newRun(mode + "max", options.throughputRequests());
        out.printf("  %s: throughput, a backlog of %,d requests ...%n", mode, backlog.size());
        // Read before the CPU: the metrics page is a megabyte the pipeline writes, not work a request does.
        CommitWait.Sample commitsBefore = commitSample();
        Map<String, Long> cpuBefore = cpuNow(processes);
        OpenLoopSender.send(backlog, 0, emitter);
        flush.run();
        tracker.await(backlog, QUIET);
        cpuPerRequest(mode, processes, cpuBefore, backlog.arrivals());
        commitWait(mode, "", commitsBefore);
        long throughput = Math.round(backlog.steadyRatePerSecond());
        result.put(mode + "_throughput_per_s", throughput);
        result.put(mode + "_throughput_lost", backlog.size() - backlog.arrivals());
        out.printf("  %s: %,d/s%n", mode, throughput);

        Map<Integer, ArrivalTracker.Run> fixed = new LinkedHashMap<>();
        for (int rate : options.rates()) {
            fixed.put(rate, latency(mode, tracker, emitter, flush, rate, processes));
        }
        sustainable(mode, tracker, emitter, flush, throughput, processes, fixed);
    }

    /**
     * The highest sustainable rate: a backlog drains in large batches, cheaper per record than requests arriving
     * one by one, so the drain rate overstates what the pipeline sustains. Starting at {@link #SEARCH_START} of
     * it, each candidate runs like a fixed load (a fixed load at the same rate stands for it) and the next is
     * {@link #SEARCH_STEP} of it, until the answers keep
     * up ({@link ArrivalTracker.Run#keptUp()}); the rate that did, and its figures, are reported as sustainable.
     */
    private void sustainable(String mode, ArrivalTracker tracker, OpenLoopSender.Emitter emitter, Runnable flush, long throughput,
                             Map<String, Long> processes, Map<Integer, ArrivalTracker.Run> fixed) throws InterruptedException {
        List<String> tried = new java.util.ArrayList<>();
        int rate = roundedRate(throughput * SEARCH_START);
        for (int step = 0; step < SEARCH_STEPS && rate > 0; step++) {
            // A fixed load run at this rate already answers; running it again would overwrite its figures in the report.
            ArrivalTracker.Run run = fixed.containsKey(rate) ? fixed.get(rate) : latency(mode, tracker, emitter, flush, rate, processes);
            boolean keptUp = run.keptUp();
            tried.add(rate + (keptUp ? ": kept up" : ": fell behind"));
            out.printf("  %s: %,d/s %s%n", mode, rate, keptUp ? "kept up" : "fell behind");
            if (keptUp) {
                result.put(mode + "_highest_sustainable_rate_per_s", rate);
                String prefix = latencyPrefix(mode);
                for (String key : List.of(prefix + "p50_ms_at_", prefix + "p99_ms_at_", prefix + "p999_ms_at_", mode + "_lost_at_",
                        mode + "_cpu_ms_per_request_total_at_", mode + "_cores_used_at_")) {
                    result.put(key + "sustainable", result.get(key + rate));
                }
                break;
            }
            rate = roundedRate(rate * SEARCH_STEP);
        }
        result.put(mode + "_sustainable_search", tried);
    }

    /** Raw Kafka's latency is all Kafka's; the pipeline's is what it adds, the simulator answering at once. */
    private static String latencyPrefix(String mode) {
        return mode.equals("raw_kafka") ? "raw_kafka_latency_" : mode + "_added_latency_";
    }

    private static int roundedRate(double rate) {
        return (int) (Math.round(rate / 250.0) * 250);
    }

    /**
     * CPU milliseconds per answered request, per process, over the throughput run; and the throughput the
     * machine's cores could carry at that cost if nothing else ran (the cores divided by the total).
     */
    private void cpuPerRequest(String mode, Map<String, Long> processes, Map<String, Long> before, int answered) {
        double total = cpuPerRequest(mode, "", processes, before, answered);
        if (total > 0) {
            result.put(mode + "_cpu_bound_throughput_per_s", Math.round(Runtime.getRuntime().availableProcessors() * 1000 / total));
        }
    }

    /** Puts each process's CPU milliseconds per answered request since {@code before} under {@code suffix}; returns the total. */
    private double cpuPerRequest(String mode, String suffix, Map<String, Long> processes, Map<String, Long> before, int answered) {
        if (answered == 0) {
            return 0;
        }
        double total = 0;
        for (Map.Entry<String, Long> process : processes.entrySet()) {
            long used = ProcessCpu.millis(process.getValue()) - before.get(process.getKey());
            double perRequest = Math.round(1000.0 * used / answered) / 1000.0;
            result.put(mode + "_cpu_ms_per_request_" + process.getKey() + suffix, perRequest);
            total += perRequest;
        }
        total = Math.round(1000 * total) / 1000.0;
        result.put(mode + "_cpu_ms_per_request_total" + suffix, total);
        return total;
    }

    private CommitWait.Sample commitSample() throws InterruptedException {
        if (commitWait == null) {
            return null;
        }
        try {
            return commitWait.sample();
        } catch (IOException e) {
            out.printf("  could not read the pipeline's commit metrics: %s%n", e.getMessage());
            return null;
        }
    }

    /** Puts how long the stream thread waited for the broker in its commits since {@code before}, a second and a commit. */
    private void commitWait(String mode, String suffix, CommitWait.Sample before) throws InterruptedException {
        CommitWait.Sample now = before == null ? null : commitSample();
        if (now == null) {
            return;
        }
        double perSecond = now.millisPerSecondSince(before);
        double perCommit = now.millisPerCommitSince(before);
        result.put(mode + "_commit_wait_ms_per_s" + suffix, perSecond);
        result.put(mode + "_commit_wait_ms_per_commit" + suffix, perCommit);
        out.printf("  %s: the stream thread waited for the broker in commits %.1f ms a second, %.2f ms a commit%n", mode, perSecond, perCommit);
    }

    private static Map<String, Long> cpuNow(Map<String, Long> processes) {
        Map<String, Long> now = new LinkedHashMap<>();
        processes.forEach((name, pid) -> now.put(name, ProcessCpu.millis(pid)));
        return now;
    }

    /**
     * One fixed offered load, open loop. Besides the latencies, the CPU every process spent per answered request over
     * the run (sending and answering; a rate the pipeline keeps up with costs more per request than the backlog's
     * drain, whose batches are larger) and the cores all of them used while it was offered.
     */
    private ArrivalTracker.Run latency(String mode, ArrivalTracker tracker, OpenLoopSender.Emitter emitter, Runnable flush, int rate,
                                       Map<String, Long> processes) throws InterruptedException {
        String label = String.valueOf(rate);
        ArrivalTracker.Run run = tracker.newRun(mode + "r" + rate, (int) (rate * options.latencyRun().toMillis() / 1000));
        out.printf("  %s: %,d requests/s for %d s ...%n", mode, rate, options.latencyRun().toSeconds());
        CommitWait.Sample commitsBefore = commitSample();
        Map<String, Long> cpuBefore = cpuNow(processes);
        LocalTime startedAt = LocalTime.now();
        long started = System.nanoTime();
        OpenLoopSender.send(run, rate, emitter);
        flush.run();
        Map<String, Long> cpuOffered = cpuNow(processes);
        double offeredMillis = (System.nanoTime() - started) / 1e6;
        tracker.await(run, QUIET);
        cpuPerRequest(mode, "_at_" + label, processes, cpuBefore, run.arrivals());
        commitWait(mode, "_at_" + label, commitsBefore);
        long usedWhileOffered = processes.keySet().stream().mapToLong(name -> cpuOffered.get(name) - cpuBefore.get(name)).sum();
        result.put(mode + "_cores_used_at_" + label, Math.round(100.0 * usedWhileOffered / offeredMillis) / 100.0);
        // The simulator answers at once: everything measured is added by Kafka, the pipeline and the HTTP call.
        Percentiles p = Percentiles.of(run.latenciesMicros(run.size() / 5));
        String prefix = latencyPrefix(mode);
        result.put(prefix + "p50_ms_at_" + label, millis(p.p50()));
        result.put(prefix + "p99_ms_at_" + label, millis(p.p99()));
        result.put(prefix + "p999_ms_at_" + label, millis(p.p999()));
        result.put(mode + "_lost_at_" + label, run.size() - run.arrivals());
        out.printf("  %s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms%n", mode, millis(p.p50()), millis(p.p99()), millis(p.p999()));
        long[] perSecond = run.maxLatencyMillisPerSecond(run.size() / 5);
        result.put(prefix + "max_ms_per_second_at_" + label, Arrays.stream(perSecond).boxed().toList());
        out.printf("  %s: highest latency in each measured second from %s, ms: %s%n", mode,
                startedAt.plusNanos(run.size() / 5 * 1_000_000_000L / rate).truncatedTo(ChronoUnit.SECONDS), Arrays.toString(perSecond));
        return run;
    }

    private void ratios() {
        Object rawThroughput = result.get("raw_kafka_throughput_per_s");
        for (String mode : List.of("alos", "eos")) {
            if (result.get(mode + "_throughput_per_s") instanceof Long throughput && rawThroughput instanceof Long raw && raw > 0) {
                result.put(mode + "_throughput_share_of_raw_kafka", Math.round(1000.0 * throughput / raw) / 1000.0);
            }
            for (int rate : options.rates()) {
                if (result.get(mode + "_added_latency_p99_ms_at_" + rate) instanceof Double pipeline
                        && result.get("raw_kafka_latency_p99_ms_at_" + rate) instanceof Double kafka && kafka > 0) {
                    result.put(mode + "_p99_times_raw_kafka_at_" + rate, Math.round(10.0 * pipeline / kafka) / 10.0);
                }
            }
        }
    }

    private PromptRequest request(String id, int seq) {
        return PromptRequest.newBuilder()
                .setRequestId(id)
                .setUserId("bench-user-" + (seq % options.users()))
                // Each prompt new, so the classification cache never answers: the figures carry the full cost of classifying.
                .setMessages(List.of(new ChatMessage(Role.USER, PROMPT + " (" + id + ")")))
                .setMaxOutputTokens(64)
                .setCreatedAt(Instant.now())
                .build();
    }

    /** The request id is the first field of an LlmResponse: read it without decoding the whole record. */
    static String requestId(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        int position = 5;
        long raw = 0;
        int shift = 0;
        byte b;
        do {
            b = value[position++];
            raw |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        int length = (int) ((raw >>> 1) ^ -(raw & 1));
        return new String(value, position, length, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> producerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new LinkedHashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        return config;
    }

    private static double millis(double micros) {
        return Math.round(micros / 100.0) / 10.0;
    }

    /** The system load averages (1, 5, 15 min) from /proc/loadavg: the conditions a figure was measured under. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.format(Locale.ROOT, "%s %s %s", fields[0], fields[1], fields[2]);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Writes the figures as an SVG chart. */
    public static void writeChart(Map<String, Object> result, List<Integer> rates, Path file) throws IOException {
        List<String> labels = new java.util.ArrayList<>(rates.stream().map(String::valueOf).toList());
        labels.add("sustainable");
        Files.writeString(file, BenchChart.svg(result, labels));
    }

    /** The figures as a table: one row per measure, one column each for raw Kafka and the two guarantees. */
    public static String table(Map<String, Object> result, List<Integer> rates) {
        StringBuilder table = new StringBuilder();
        String row = "  %-38s %14s %16s %16s%n";
        table.append(String.format(Locale.ROOT, row, "", "raw Kafka", "at_least_once", "exactly_once_v2"));
        table.append(String.format(Locale.ROOT, row, "throughput (requests/s)", cell(result.get("raw_kafka_throughput_per_s")),
                cell(result.get("alos_throughput_per_s")), cell(result.get("eos_throughput_per_s"))));
        table.append(String.format(Locale.ROOT, row, "  share of raw Kafka", "1", cell(result.get("alos_throughput_share_of_raw_kafka")),
                cell(result.get("eos_throughput_share_of_raw_kafka"))));
        table.append(String.format(Locale.ROOT, row, "highest sustainable rate",
                cell(result.get("raw_kafka_highest_sustainable_rate_per_s")), cell(result.get("alos_highest_sustainable_rate_per_s")),
                cell(result.get("eos_highest_sustainable_rate_per_s"))));
        List<String> labels = new java.util.ArrayList<>(rates.stream().map(String::valueOf).toList());
        labels.add("sustainable");
        for (String label : labels) {
            for (String p : List.of("p50", "p99", "p999")) {
                table.append(String.format(Locale.ROOT, row, "latency " + p.replace("p999", "p99.9") + " (ms) at " + label
                                + (label.equals("sustainable") ? "" : "/s"),
                        cell(result.get("raw_kafka_latency_" + p + "_ms_at_" + label)),
                        cell(result.get("alos_added_latency_" + p + "_ms_at_" + label)),
                        cell(result.get("eos_added_latency_" + p + "_ms_at_" + label))));
            }
            table.append(String.format(Locale.ROOT, row, "  unanswered at " + label, cell(result.get("raw_kafka_lost_at_" + label)),
                    cell(result.get("alos_lost_at_" + label)), cell(result.get("eos_lost_at_" + label))));
        }
        return table.toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        return value instanceof Long || value instanceof Integer ? String.format(Locale.ROOT, "%,d", ((Number) value).longValue())
                : value.toString();
    }
}
