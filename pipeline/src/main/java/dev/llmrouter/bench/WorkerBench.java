package dev.llmrouter.bench;

import dev.llmrouter.embedded.BrokerProcess;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.Role;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.topics.TopicAdmin;
import dev.llmrouter.topics.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures one worker instance (its own JVM, started as in production) against simulated providers that answer after a fixed delay, through a
 * real broker: how many calls it keeps in flight, how many it completes per second, the overhead it
 * adds to the provider's time at a fixed offered load, and what failover costs when the primary is down.
 */
public final class WorkerBench {

    /**
     * @param inFlight        the worker's in-flight limit
     * @param capacityCalls   requests offered all at once to measure capacity
     * @param overheadRate    offered load, requests/s, for the overhead measurement
     * @param overheadSeconds how long that load is offered (the first 20% is warm-up)
     * @param failoverCalls   requests sent while the primary model is in an outage
     * @param providerLatency the simulated providers' answer time
     */
    public record Options(int inFlight, int capacityCalls, int overheadRate, int overheadSeconds, int failoverCalls,
                          Duration providerLatency) {
    }

    private static final ModelRef PRIMARY = new ModelRef("openai", "gpt-4.1-nano");
    private static final ModelRef FALLBACK = new ModelRef("gemini", "gemini-2.5-flash-lite");
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Duration WARM_UP = Duration.ofSeconds(15);
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(180);
    private static final int PARTITIONS = 8;

    private final Options options;
    private final PrintStream out;

    public WorkerBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        return WorkDir.using("llm-router-bench", out, this::run);
    }

    private Map<String, Object> run(Path work) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        out.println("  starting Kafka broker (KRaft), schema registry, provider simulator and worker, each in its own JVM ...");
        try (BrokerProcess broker = BrokerProcess.start();
             SchemaRegistryProcess registry = SchemaRegistryProcess.start();
             SimulatorProcess simulator = SimulatorProcess.start(
                     "defaultProfile:\n  latency: {type: fixed, value: " + options.providerLatency().toMillis() + "ms}\n", work, SimulatorProcess.HOLDING)) {
            Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            Topics topics = new Topics(PARTITIONS, Map.of("schema.registry.url", registry.url()));
            TopicAdmin.ensureTopics(kafka, topics.all(), (short) 1);
            try (PipelineProcess worker = PipelineProcess.startWorkers(kafka, registry.url(), PARTITIONS, options.inFlight(), simulator::baseUrl, work);
                 ResponseCollector responses = new ResponseCollector(kafka, topics.responses());
                 var producer = new KafkaProducer<>(producerConfig(kafka), new StringSerializer(), topics.dispatch().valueSerde().serializer())) {
                Send send = new Send(producer, topics.dispatch().name());
                warmUp(send, responses, List.of(worker.pid(), simulator.pid()), result);
                capacity(send, responses, simulator, result);
                overhead(send, responses, simulator, result);
                failover(send, responses, simulator, result);
            }
        }
        return result;
    }

    /**
     * A fresh JVM compiles for tens of seconds, and a compiler thread busy during the overhead run delays answers: the
     * offered load runs in slices until the worker's and the simulator's JIT compilers have settled.
     */
    private void warmUp(Send send, ResponseCollector responses, List<Long> pids, Map<String, Object> result) throws Exception {
        out.printf("  warming up at %,d/s, at least %d s and until the JIT compilers settle (at most %d s) ...%n",
                options.overheadRate(), WARM_UP.toSeconds(), WARM_UP_LIMIT.toSeconds());
        int[] slices = {0};
        JitWarmUp.of(WARM_UP, WARM_UP_LIMIT, pids).run(length -> {
            String prefix = "warm" + slices[0]++ + "-";
            int calls = (int) (options.overheadRate() * length.toSeconds());
            send.paced(prefix, calls, options.overheadRate());
            responses.await(prefix, calls, WAIT);
        }, out).report("", result);
        outcomes("warmup", responses.withPrefix("warm"), result);
    }

    private void capacity(Send send, ResponseCollector responses, SimulatorProcess simulator, Map<String, Object> result)
            throws Exception {
        out.printf("  capacity: %,d requests at once, provider answers after %d ms ...%n", options.capacityCalls(),
                options.providerLatency().toMillis());
        simulator.resetStats();
        send.burst("cap-", options.capacityCalls());
        boolean complete = responses.await("cap-", options.capacityCalls(), WAIT);
        long[] arrivals = responses.withPrefix("cap-").stream().mapToLong(ResponseCollector.Arrival::arrivedNanos).sorted().toArray();
        // Steady state: between the 10th and the 90th percentile of arrivals, away from ramp-up and tail.
        int from = arrivals.length / 10;
        int to = arrivals.length * 9 / 10;
        double seconds = (arrivals[to - 1] - arrivals[from]) / 1e9;
        outcomes("capacity", responses.withPrefix("cap-"), result);
        result.put("max_in_flight", simulator.peakInFlight());
        result.put("completed_per_s", Math.round((to - 1 - from) / seconds));
        result.put("capacity_completed", arrivals.length);
        result.put("capacity_lost", options.capacityCalls() - arrivals.length);
        if (!complete) {
            out.println("  capacity run did not complete within " + WAIT.toMinutes() + " min");
        }
    }

    private void overhead(Send send, ResponseCollector responses, SimulatorProcess simulator, Map<String, Object> result)
            throws InterruptedException {
        int total = options.overheadRate() * options.overheadSeconds();
        out.printf("  overhead: %,d requests/s for %d s ...%n", options.overheadRate(), options.overheadSeconds());
        // The simulator shares the 2 cores with the worker: what it spends per call is taken from the system under test.
        long simulatorCpuBefore = ProcessCpu.millis(simulator.pid());
        send.paced("ovh-", total, options.overheadRate());
        responses.await("ovh-", total, WAIT);
        long simulatorCpu = ProcessCpu.millis(simulator.pid()) - simulatorCpuBefore;
        if (simulatorCpuBefore >= 0 && simulatorCpu >= 0) {
            result.put("simulator_cpu_us_per_call", Math.round(simulatorCpu * 1000.0 / total));
        }
        int warmUp = total / 5;
        long[] overhead = responses.withPrefix("ovh-").stream()
                .filter(a -> Integer.parseInt(a.response().getRequestId().substring(4)) >= warmUp)
                .mapToLong(a -> a.response().getLatencyMs() - options.providerLatency().toMillis()).toArray();
        Percentiles p = Percentiles.of(overhead);
        // Where the overhead goes: around the HTTP call (client and simulator) or around it (Kafka, worker).
        long[] http = responses.withPrefix("ovh-").stream()
                .filter(a -> Integer.parseInt(a.response().getRequestId().substring(4)) >= warmUp)
                .mapToLong(a -> a.response().getAttempts().getLast().getLatencyMs() - options.providerLatency().toMillis()).toArray();
        Percentiles httpP = Percentiles.of(http);
        result.put("overhead_http_p50_ms", httpP.p50());
        result.put("overhead_http_p99_ms", httpP.p99());
        outcomes("overhead", responses.withPrefix("ovh-"), result);
        result.put("offered_per_s", options.overheadRate());
        result.put("overhead_p50_ms", p.p50());
        result.put("overhead_p99_ms", p.p99());
        result.put("overhead_p999_ms", p.p999());
        result.put("overhead_lost", total - responses.count("ovh-"));
    }

    private void failover(Send send, ResponseCollector responses, SimulatorProcess simulator, Map<String, Object> result)
            throws Exception {
        out.printf("  failover: %,d requests while %s/%s is in an outage ...%n", options.failoverCalls(), PRIMARY.getProvider(),
                PRIMARY.getModel());
        simulator.outage(PRIMARY.getModel(), Duration.ofMinutes(10));
        send.paced("fo-", options.failoverCalls(), 500);
        responses.await("fo-", options.failoverCalls(), WAIT);
        simulator.clearOutages();
        List<ResponseCollector.Arrival> answered = responses.withPrefix("fo-");
        long[] added = answered.stream().mapToLong(a -> a.response().getLatencyMs() - options.providerLatency().toMillis()).toArray();
        Percentiles p = Percentiles.of(added);
        outcomes("failover", answered, result);
        result.put("failover_completed", answered.size());
        result.put("failover_ok_on_fallback", answered.stream().filter(a -> a.response().getStatus() == ResponseStatus.OK
                && FALLBACK.getModel().equals(a.response().getModel())).count());
        result.put("failover_lost", options.failoverCalls() - answered.size());
        result.put("failover_added_latency_p50_ms", p.p50());
        result.put("failover_added_latency_p99_ms", p.p99());
    }

    /** How many responses of a run were OK, and the first error otherwise: a fast failure is not a fast answer. */
    private static void outcomes(String run, List<ResponseCollector.Arrival> arrivals, Map<String, Object> result) {
        result.put(run + "_ok", arrivals.stream().filter(a -> a.response().getStatus() == ResponseStatus.OK).count());
        arrivals.stream().filter(a -> a.response().getStatus() != ResponseStatus.OK).findFirst()
                .ifPresent(a -> result.put(run + "_first_error", a.response().getError()));
        Map<String, Long> failedAttempts = new java.util.TreeMap<>();
        arrivals.forEach(a -> a.response().getAttempts().stream().filter(t -> t.getOutcome() != AttemptOutcome.SUCCESS)
                .forEach(t -> failedAttempts.merge(t.getOutcome().name(), 1L, Long::sum)));
        if (!failedAttempts.isEmpty()) {
            result.put(run + "_failed_attempts", failedAttempts);
            arrivals.stream().flatMap(a -> a.response().getAttempts().stream())
                    .filter(t -> t.getOutcome() != AttemptOutcome.SUCCESS && t.getOutcome() != AttemptOutcome.CIRCUIT_OPEN)
                    .findFirst().ifPresent(t -> result.put(run + "_first_failed_attempt", t.getError()));
        }
    }

    private static Map<String, Object> producerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new LinkedHashMap<>(kafka);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    /** Publishes dispatch records, all at once or at a steady rate; each request's createdAt is its send time. */
    private record Send(KafkaProducer<String, DispatchRecord> producer, String topic) {

        void burst(String prefix, int count) {
            for (int i = 0; i < count; i++) {
                send(prefix, i);
            }
            producer.flush();
        }

        void paced(String prefix, int count, int perSecond) throws InterruptedException {
            long start = System.nanoTime();
            long interval = 1_000_000_000L / perSecond;
            for (int i = 0; i < count; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                send(prefix, i);
            }
            producer.flush();
        }

        private void send(String prefix, int i) {
            String user = "bench-user-" + (i % 512);
            PromptRequest request = PromptRequest.newBuilder()
                    .setRequestId(prefix + i)
                    .setUserId(user)
                    .setMessages(List.of(new ChatMessage(Role.USER, "Benchmark prompt number " + i + ": what is 2 + 2?")))
                    .setMaxOutputTokens(64)
                    .setCreatedAt(Instant.now())
                    .build();
            RoutingDecision decision = RoutingDecision.newBuilder()
                    .setPrimary(PRIMARY).setFallbacks(List.of(FALLBACK)).setTier(Tier.ECONOMY).setEstimatedCostMicros(30)
                    .setReason(RouteReason.POLICY).setPolicyVersion("bench").setDecidedAt(Instant.now()).build();
            Classification classification = Classification.newBuilder().setClassifierVersion("bench").build();
            producer.send(new ProducerRecord<>(topic, user, new DispatchRecord(request, classification, decision)));
        }
    }
}
