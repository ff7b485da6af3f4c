package dev.llmrouter.bench;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.EmbeddedKafka;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.ingress.Ingress;
import dev.llmrouter.ingress.IngressConfig;
import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.topics.TopicAdmin;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenAI-compatible ingress in front of the whole pipeline: HTTP clients post chat completions to the
 * ingress, which publishes them to a real broker; classify and route run on Kafka Streams, a worker calls
 * the provider simulator (its own JVM, answering at once), and the ingress answers when the response comes
 * back. Closed-loop clients (each sends its next request when the last was answered) measure the most
 * requests per second the whole path completes, and the latency at 10 clients. The clients share one thread and
 * selector ({@link ClosedLoopClients}), named {@value #LOAD_GENERATOR} so that its CPU time counts apart: the load
 * generator runs on the cores it measures, so it is kept as lean as wrk.
 */
public final class IngressBench {

    /**
     * @param throughputClients   concurrent clients of the throughput run
     * @param latencyClients      concurrent clients of the latency run
     * @param warmUpSeconds       unmeasured load first, at least this long and on until the JIT compilers settle
     * @param warmUpLimitSeconds  the longest warm-up, settled or not
     * @param seconds             length of each measured run
     * @param partitions          partition count of the pipeline's topics
     * @param processingGuarantee of the Streams application
     * @param commitIntervalMs    of the Streams application; bounds latency under exactly-once
     * @param streamThreads       of the Streams application
     * @param echo                a stand-in that answers each request at once replaces the pipeline, to measure the
     *                            ingress and the Kafka round trip alone
     */
    public record Options(int throughputClients, int latencyClients, int warmUpSeconds, int warmUpLimitSeconds, int seconds, int partitions,
                          String processingGuarantee, long commitIntervalMs, int streamThreads, boolean echo) {
    }

    private static final String LATENCY_FIELD = "\"latency_ms\":";
    static final String LOAD_GENERATOR = "bench-load-generator";
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    /** A request unanswered this long counts as failed, so that one lost answer cannot stop its client. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Numbers the prompts across every phase and run of the process. */
    private static final AtomicLong PROMPTS = new AtomicLong();

    private final Options options;
    private final PrintStream out;

    public IngressBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        return WorkDir.using("llm-router-ingress-bench", out, this::run);
    }

    private Map<String, Object> run(Path work) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        out.println("  starting Kafka broker (KRaft, in-process), schema registry and provider simulator (own JVMs) ...");
        try (EmbeddedKafka broker = EmbeddedKafka.start();
             SchemaRegistryProcess registry = SchemaRegistryProcess.start();
             SimulatorProcess simulator = SimulatorProcess.start("defaultProfile:\n  latency: {type: fixed, value: 0ms}\n", work, SimulatorProcess.INSTANT)) {
            StreamsSettings streams = new StreamsSettings("llm-router-bench", options.processingGuarantee(), work.resolve("state"),
                    options.commitIntervalMs(), options.streamThreads());
            PipelineConfig config = new PipelineConfig(Map.of("bootstrap.servers", broker.bootstrapServers()),
                    Map.of("schema.registry.url", registry.url()), options.partitions(), (short) 1, streams, ClassifyConfig.defaults(),
                    WorkerConfig.defaults(), 1, EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null)
                    .withIngress(IngressConfig.defaults().listeningOn("127.0.0.1", 0));
            if (options.echo()) {
                out.printf("  starting a stand-in that answers every request at once (no pipeline stages) and the ingress ...%n");
            } else {
                out.printf("  starting the pipeline (%s, commit interval %d ms, %d partitions, %d stream thread(s), one worker) and the ingress ...%n",
                        options.processingGuarantee(), options.commitIntervalMs(), options.partitions(), options.streamThreads());
            }
            try (AutoCloseable pipeline = options.echo() ? echo(config) : Pipeline.start(config);
                 Ingress ingress = Ingress.start(config.ingress(), config.kafka(), config.serde(), PriceCatalog.load());
                 ClosedLoopClients load = new ClosedLoopClients(LOAD_GENERATOR, MAX_ANSWER_BYTES, REQUEST_TIMEOUT)) {
                URI uri = URI.create(ingress.baseUrl() + "/chat/completions");
                out.printf("  ingress at %s%n", ingress.baseUrl());
                out.printf("  warming up: %d clients, at least %d s and until the JIT compilers settle (at most %d s) ...%n",
                        options.throughputClients(), options.warmUpSeconds(), options.warmUpLimitSeconds());
                List<Run> warm = new ArrayList<>();
                JitWarmUp.of(Duration.ofSeconds(options.warmUpSeconds()), Duration.ofSeconds(options.warmUpLimitSeconds()),
                                List.of(ProcessHandle.current().pid(), simulator.pid()))
                        .run(length -> warm.add(closedLoop(load, uri, options.throughputClients(), (int) length.toSeconds())), out)
                        .report("", result);
                result.put("warmup_completed", warm.stream().mapToLong(Run::completed).sum());
                result.put("warmup_failed", warm.stream().mapToLong(Run::failed).sum());

                out.printf("  throughput: %d clients for %d s ...%n", options.throughputClients(), options.seconds());
                CpuAccount cpu = CpuAccount.start();
                RunQueueWait crowd = RunQueueWait.start(List.of(ProcessHandle.current().pid(), simulator.pid()));
                long simulatorCpuBefore = ProcessCpu.millis(simulator.pid());
                Run throughput = closedLoop(load, uri, options.throughputClients(), options.seconds());
                result.put("throughput_per_s", Math.round(throughput.completed() / throughput.seconds()));
                // The simulator's JVM shares the two cores, so its CPU belongs in the account of where they went; its code is
                // the same in every run, so a jump in it also marks a slow host (docs/PERFORMANCE.md, session 15).
                if (throughput.completed() > 0) {
                    result.put("simulator_cpu_ms_per_request",
                            Math.round(1000.0 * (ProcessCpu.millis(simulator.pid()) - simulatorCpuBefore) / throughput.completed()) / 1000.0);
                }
                // How crowded the cores were: the same code costs more per request when many threads queue for them.
                crowd.threadsWaiting().ifPresent(threads -> result.put("threads_waiting_for_cpu", threads));
                // What one request cost this JVM in this run (broker, pipeline, ingress, load generator), by part.
                cpu.perRequest(throughput.completed(), Map.of()).forEach((part, ms) -> result.put("cpu_ms_per_request_" + part, ms));
                result.put("allocated_kb_per_request", cpu.allocatedKbPerRequest(throughput.completed()));
                report("at_" + options.throughputClients() + "_clients", throughput, result, true);

                // The ceiling of the HTTP server and client alone on this machine: the same clients on GET /healthz.
                out.printf("  HTTP alone: %d clients on GET /healthz for %d s ...%n", options.throughputClients(), options.seconds());
                Run httpOnly = closedLoop(load, ingress.baseUrl().resolve("/healthz"),
                        options.throughputClients(), options.seconds());
                result.put("http_only_per_s", Math.round(httpOnly.completed() / httpOnly.seconds()));

                out.printf("  latency: %d clients for %d s ...%n", options.latencyClients(), options.seconds());
                Run latency = closedLoop(load, uri, options.latencyClients(), options.seconds());
                Percentiles p = latency.latency();
                result.put("p99_ms_at_" + options.latencyClients() + "_clients", p.p99());
                report("at_" + options.latencyClients() + "_clients", latency, result, true);
            }
        }
        result.put("behind_the_ingress", options.echo() ? "echo stand-in" : "pipeline");
        result.put("processing_guarantee", options.processingGuarantee());
        result.put("commit_interval_ms", options.commitIntervalMs());
        result.put("partitions", options.partitions());
        result.put("stream_threads", options.streamThreads());
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("load_average_1m", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return result;
    }

    private static EchoPipeline echo(PipelineConfig config) {
        Topics topics = new Topics(config.partitions(), config.serde());
        TopicAdmin.ensureTopics(config.kafka(), topics.all(), config.replicationFactor());
        return new EchoPipeline(config.kafka(), topics);
    }

    private void report(String run, Run measured, Map<String, Object> result, boolean latencies) {
        result.put(run + "_completed", measured.completed());
        result.put(run + "_failed", measured.failed());
        if (measured.firstError() != null) {
            result.put(run + "_first_error", measured.firstError());
        }
        if (!latencies) {
            return;
        }
        result.put(run + "_per_s", Math.round(measured.completed() / measured.seconds()));
        Percentiles total = measured.latency();
        Percentiles pipeline = measured.pipeline();
        result.put(run + "_p50_ms", total.p50());
        result.put(run + "_p99_ms", total.p99());
        result.put(run + "_p999_ms", total.p999());
        // The pipeline's own share: from the ingress creating the request to the worker writing the response.
        result.put(run + "_pipeline_p50_ms", pipeline.p50());
        result.put(run + "_pipeline_p99_ms", pipeline.p99());
    }

    /**
     * @param latency  HTTP round trips, in milliseconds (fractional)
     * @param pipeline the responses' own latency: request created by the ingress until the response was written
     */
    private record Run(long completed, long failed, double seconds, Percentiles latency, Percentiles pipeline, String firstError) {
    }

    /** {@code clients} clients, each posting its next request as soon as the last is answered, for {@code seconds}. */
    private static Run closedLoop(ClosedLoopClients load, URI uri, int clients, int seconds) throws Exception {
        // Many users, so that every partition and many budgets take part.
        ClosedLoopClients.Bodies bodies = uri.getPath().endsWith("/healthz") ? (client, index) -> null : (client, index) -> body(client, index);
        ClosedLoopClients.Outcome outcome = load.run(uri, clients, Duration.ofSeconds(seconds), bodies, LATENCY_FIELD);
        return new Run(outcome.micros().length, outcome.failed(), outcome.seconds(), Percentiles.of(outcome.micros()).scaled(1e-3),
                Percentiles.of(outcome.bodyLongs()), outcome.firstError());
    }

    private static byte[] body(int client, int index) {
        // Every prompt of every phase new, so the classification cache never answers and the figures carry the full
        // cost of classifying; a workload that repeats prompts saves that cost on each repeat (docs/PERFORMANCE.md).
        return ("{\"model\":\"auto\",\"user\":\"bench-user-" + (client * 7919 + index) % 1024
                + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Benchmark prompt " + PROMPTS.incrementAndGet()
                + ": what is 2 + 2?\"}]}").getBytes(StandardCharsets.UTF_8);
    }
}
