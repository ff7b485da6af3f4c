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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The OpenAI-compatible ingress in front of the whole pipeline: HTTP clients post chat completions to the
 * ingress, which publishes them to a real broker; classify and route run on Kafka Streams, a worker calls
 * the provider simulator (its own JVM, answering at once), and the ingress answers when the response comes
 * back. Closed-loop clients (each sends its next request when the last was answered) measure the most
 * requests per second the whole path completes, and the latency at 10 clients. The clients are asynchronous, on
 * Jetty's HTTP client: each sends its next request from the completion of the last, so they need no thread
 * each, and the few threads they run on are named {@value #LOAD_GENERATOR} so their CPU time counts apart.
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
     * @param echo                a stand-in that answers each request at once replaces the pipeline, to measure the
     *                            ingress and the Kafka round trip alone
     */
    public record Options(int throughputClients, int latencyClients, int warmUpSeconds, int warmUpLimitSeconds, int seconds, int partitions,
                          String processingGuarantee, long commitIntervalMs, boolean echo) {
    }

    private static final String BODY = "{\"model\":\"auto\",\"user\":\"bench-user-%d\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Benchmark prompt %d: what is 2 + 2?\"}]}";
    private static final String LATENCY_FIELD = "\"latency_ms\":";
    static final String LOAD_GENERATOR = "bench-load-generator";
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    /** A request unanswered this long counts as failed, so that one lost answer cannot stop its client. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Options options;
    private final PrintStream out;

    public IngressBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        Path work = Files.createTempDirectory("llm-router-ingress-bench");
        out.println("  starting Kafka broker (KRaft, in-process), schema registry and provider simulator (own JVMs) ...");
        try (EmbeddedKafka broker = EmbeddedKafka.start();
             SchemaRegistryProcess registry = SchemaRegistryProcess.start();
             SimulatorProcess simulator = SimulatorProcess.start("defaultProfile:\n  latency: {type: fixed, value: 0ms}\n", work, SimulatorProcess.INSTANT)) {
            StreamsSettings streams = new StreamsSettings("llm-router-bench", options.processingGuarantee(), work.resolve("state"),
                    options.commitIntervalMs(), 1);
            PipelineConfig config = new PipelineConfig(Map.of("bootstrap.servers", broker.bootstrapServers()),
                    Map.of("schema.registry.url", registry.url()), options.partitions(), (short) 1, streams, ClassifyConfig.defaults(),
                    WorkerConfig.defaults(), 1, EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null)
                    .withIngress(IngressConfig.defaults().listeningOn("127.0.0.1", 0));
            if (options.echo()) {
                out.printf("  starting a stand-in that answers every request at once (no pipeline stages) and the ingress ...%n");
            } else {
                out.printf("  starting the pipeline (%s, commit interval %d ms, %d partitions, one worker) and the ingress ...%n",
                        options.processingGuarantee(), options.commitIntervalMs(), options.partitions());
            }
            try (AutoCloseable pipeline = options.echo() ? echo(config) : Pipeline.start(config);
                 Ingress ingress = Ingress.start(config.ingress(), config.kafka(), config.serde(), PriceCatalog.load());
                 LoadGenerator load = LoadGenerator.start(Math.max(options.throughputClients(), options.latencyClients()))) {
                HttpClient http = load.http();
                URI uri = URI.create(ingress.baseUrl() + "/chat/completions");
                out.printf("  ingress at %s%n", ingress.baseUrl());
                out.printf("  warming up: %d clients, at least %d s and until the JIT compilers settle (at most %d s) ...%n",
                        options.throughputClients(), options.warmUpSeconds(), options.warmUpLimitSeconds());
                List<Run> warm = new ArrayList<>();
                JitWarmUp.of(Duration.ofSeconds(options.warmUpSeconds()), Duration.ofSeconds(options.warmUpLimitSeconds()),
                                List.of(ProcessHandle.current().pid(), simulator.pid()))
                        .run(length -> warm.add(closedLoop(http, uri, options.throughputClients(), (int) length.toSeconds())), out)
                        .report("", result);
                result.put("warmup_completed", warm.stream().mapToLong(Run::completed).sum());
                result.put("warmup_failed", warm.stream().mapToLong(Run::failed).sum());

                out.printf("  throughput: %d clients for %d s ...%n", options.throughputClients(), options.seconds());
                CpuAccount cpu = CpuAccount.start();
                Run throughput = closedLoop(http, uri, options.throughputClients(), options.seconds());
                result.put("throughput_per_s", Math.round(throughput.completed() / throughput.seconds()));
                // Load-independent: what one request costs this JVM (broker, pipeline, ingress, load generator).
                cpu.perRequest(throughput.completed(), Map.of()).forEach((part, ms) -> result.put("cpu_ms_per_request_" + part, ms));
                report("at_" + options.throughputClients() + "_clients", throughput, result, true);

                // The ceiling of the HTTP server and client alone on this machine: the same clients on GET /healthz.
                out.printf("  HTTP alone: %d clients on GET /healthz for %d s ...%n", options.throughputClients(), options.seconds());
                Run httpOnly = closedLoop(http, ingress.baseUrl().resolve("/healthz"),
                        options.throughputClients(), options.seconds());
                result.put("http_only_per_s", Math.round(httpOnly.completed() / httpOnly.seconds()));

                out.printf("  latency: %d clients for %d s ...%n", options.latencyClients(), options.seconds());
                Run latency = closedLoop(http, uri, options.latencyClients(), options.seconds());
                Percentiles p = latency.latency();
                result.put("p99_ms_at_" + options.latencyClients() + "_clients", p.p99());
                report("at_" + options.latencyClients() + "_clients", latency, result, true);
            }
        }
        result.put("behind_the_ingress", options.echo() ? "echo stand-in" : "pipeline");
        result.put("processing_guarantee", options.processingGuarantee());
        result.put("commit_interval_ms", options.commitIntervalMs());
        result.put("partitions", options.partitions());
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

    /** Jetty's HTTP client on its own named threads, with a connection for every client. */
    private record LoadGenerator(HttpClient http) implements AutoCloseable {

        static LoadGenerator start(int clients) throws Exception {
            QueuedThreadPool threads = new QueuedThreadPool();
            threads.setName(LOAD_GENERATOR);
            HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(1));
            http.setExecutor(threads);
            http.setScheduler(new ScheduledExecutorScheduler(LOAD_GENERATOR + "-scheduler", true));
            http.setMaxConnectionsPerDestination(clients);
            http.setMaxRequestsQueuedPerDestination(clients * 2);
            http.setIdleTimeout(Duration.ofMinutes(5).toMillis());
            http.setFollowRedirects(false);
            http.start();
            // After start(), which installs them: the bench wants every answer as it is, 401 included.
            http.getProtocolHandlers().clear();
            return new LoadGenerator(http);
        }

        @Override
        public void close() throws Exception {
            http.stop();
        }
    }

    /** {@code clients} clients, each posting its next request as soon as the last is answered, for {@code seconds}. */
    private static Run closedLoop(HttpClient http, URI uri, int clients, int seconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(seconds).toNanos();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(clients);
        List<Client> runs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Client client = new Client(http, uri, c, deadline, firstError, finished);
            runs.add(client);
            client.send(0);
        }
        if (!finished.await(seconds + REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
            firstError.compareAndSet(null, finished.getCount() + " clients never finished");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        LongStream.Builder micros = LongStream.builder();
        LongStream.Builder pipelineMs = LongStream.builder();
        long failed = 0;
        for (Client run : runs) {
            synchronized (run) {
                run.micros.build().forEach(micros::add);
                run.pipelineMs.build().forEach(pipelineMs::add);
                failed += run.failed;
            }
        }
        long[] all = micros.build().toArray();
        return new Run(all.length, failed, elapsed, Percentiles.of(all).scaled(1e-3), Percentiles.of(pipelineMs.build().toArray()),
                firstError.get());
    }

    /**
     * One closed-loop client: its requests follow one another, each sent from the completion of the last, on
     * whichever load-generator thread completed it. Synchronized only to publish its figures across those threads.
     */
    private static final class Client {

        private final HttpClient http;
        private final URI uri;
        private final int id;
        private final long deadline;
        private final AtomicReference<String> firstError;
        private final CountDownLatch finished;
        private final boolean post;
        private final LongStream.Builder micros = LongStream.builder();
        private final LongStream.Builder pipelineMs = LongStream.builder();
        private long failed;

        Client(HttpClient http, URI uri, int id, long deadline, AtomicReference<String> firstError, CountDownLatch finished) {
            this.http = http;
            this.uri = uri;
            this.id = id;
            this.deadline = deadline;
            this.firstError = firstError;
            this.finished = finished;
            this.post = !uri.getPath().endsWith("/healthz");
        }

        void send(int i) {
            if (System.nanoTime() >= deadline) {
                finished.countDown();
                return;
            }
            Request request = http.newRequest(uri).timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (post) {
                // Many users, so that every partition and many budgets take part.
                request.method(HttpMethod.POST).body(new StringRequestContent("application/json", BODY.formatted((id * 7919 + i) % 1024, i)));
            }
            long sent = System.nanoTime();
            request.send(new BufferingResponseListener(MAX_ANSWER_BYTES) {
                @Override
                public void onComplete(Result result) {
                    long took = (System.nanoTime() - sent) / 1_000;
                    if (record(result, getContentAsString(), took)) {
                        send(i + 1);
                    } else {
                        // A failure may complete synchronously inside send(): go on from a fresh stack, not deeper.
                        http.getExecutor().execute(() -> send(i + 1));
                    }
                }
            });
        }

        /** Whether the request was answered with 200. */
        private synchronized boolean record(Result result, String body, long micros) {
            if (result.isFailed()) {
                failed++;
                firstError.compareAndSet(null, result.getFailure().toString());
                return false;
            }
            if (result.getResponse().getStatus() != 200) {
                failed++;
                firstError.compareAndSet(null, result.getResponse().getStatus() + " " + body);
                return false;
            }
            this.micros.add(micros);
            long pipeline = pipelineLatency(body);
            if (pipeline >= 0) {
                pipelineMs.add(pipeline);
            }
            return true;
        }
    }

    /** The {@code llm_router.latency_ms} of an answer, found without parsing the whole body. */
    private static long pipelineLatency(String body) {
        int at = body.indexOf(LATENCY_FIELD);
        if (at < 0) {
            return -1;
        }
        int from = at + LATENCY_FIELD.length();
        int to = from;
        while (to < body.length() && Character.isDigit(body.charAt(to))) {
            to++;
        }
        return Long.parseLong(body, from, to, 10);
    }
}
