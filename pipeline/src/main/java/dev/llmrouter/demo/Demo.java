package dev.llmrouter.demo;

import dev.llmrouter.analytics.PremiumBaseline;
import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.embedded.Directories;
import dev.llmrouter.embedded.Ports;
import dev.llmrouter.http.HttpSettings;
import dev.llmrouter.ingress.Ingress;
import dev.llmrouter.ingress.IngressConfig;
import dev.llmrouter.runtime.CatalogPricing;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.DeadLetter;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.simulator.Latency;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The end-to-end demo on embedded defaults: starts a real broker, registry and provider simulator,
 * runs the pipeline with its dashboard, publishes varied prompts (and two bad ones), prints every
 * routed response with its model and cost, then spend by model and the saving against the premium
 * model alone, checked against the spend the Streams application reports.
 */
public final class Demo {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final PrintStream out;
    private final int preferredPort;
    private final boolean keepRunning;

    public Demo(PrintStream out) {
        this(out, 8080, false);
    }

    /**
     * @param preferredPort port of the dashboard; a free one when it is taken (or 0)
     * @param keepRunning   keep the pipeline and dashboard up after the report, until the process is stopped
     */
    public Demo(PrintStream out, int preferredPort, boolean keepRunning) {
        this.out = out;
        this.preferredPort = preferredPort;
        this.keepRunning = keepRunning;
    }

    /** Runs the demo; returns the process exit status. */
    public int run() throws Exception {
        Path work = Files.createTempDirectory("llm-router-demo");
        int port = portFor(preferredPort);
        DemoDashboard dashboard = new DemoDashboard(out, port);
        try {
            out.println("Dashboard: " + dashboard.url() + " (live as soon as the pipeline is up)");
            out.println();
            out.println("Starting the embedded stack:");
            try (EmbeddedStack stack = EmbeddedStack.start(simulatorConfig(), out)) {
                PipelineConfig config = new PipelineConfig(
                        Map.of("bootstrap.servers", stack.bootstrapServers()),
                        Map.of("schema.registry.url", stack.registryUrl()),
                        4, (short) 1, StreamsSettings.defaults(work.resolve("state")), ClassifyConfig.defaults(),
                        WorkerConfig.defaults().withAttemptTimeout(Duration.ofSeconds(10)), 1, stack.simulatedProviders(),
                        copyResource("/demo/policy.yaml", work.resolve("policy.yaml")), null)
                        .withHttp(HttpSettings.loopback(port))
                        .withIngress(IngressConfig.defaults().listeningOn("127.0.0.1", 0));
                out.println("  starting the pipeline (classify, route and analytics on Kafka Streams, one worker) ...");
                try (Pipeline pipeline = Pipeline.start(config);
                     Ingress ingress = Ingress.start(config.ingress(), config.kafka(), config.serde(), pipeline.catalog())) {
                    out.println("  pipeline running; dashboard at " + dashboard.url());
                    out.printf("%nOpenAI-compatible ingress: %s (POST /chat/completions, GET /models; any OpenAI SDK works with this base URL)%n",
                            ingress.baseUrl());
                    boolean answered = IngressDemo.send(ingress.baseUrl(), out);
                    int status = exchange(pipeline, config, dashboard, answered ? 1 : 0);
                    if (keepRunning) {
                        dashboard.holdOpen();
                    }
                    return answered ? status : 1;
                }
            }
        } finally {
            Directories.deleteTree(work);
            dashboard.closed();
        }
    }

    /** @param alreadyAnswered responses already on the topic, to requests sent before (through the ingress) */
    private int exchange(Pipeline pipeline, PipelineConfig config, DemoDashboard dashboard, int alreadyAnswered) throws InterruptedException {
        Topics topics = pipeline.topics();
        List<DemoPrompts.Sample> samples = DemoPrompts.load();
        out.printf("%nPublishing %d prompts to %s, plus one unreadable record and one invalid request ...%n%n",
                samples.size(), Topics.REQUESTS);
        int expectedResponses = samples.size() + 1 + alreadyAnswered;
        try (var producer = new KafkaProducer<>(producerConfig(config), topics.requests().keySerde().serializer(),
                topics.requests().valueSerde().serializer());
             var rawProducer = new KafkaProducer<>(producerConfig(config), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < samples.size(); i++) {
                PromptRequest request = DemoPrompts.toRequest(samples.get(i), "demo-" + (i + 1));
                producer.send(new ProducerRecord<>(topics.requests().name(), request.getUserId(), request));
            }
            rawProducer.send(new ProducerRecord<>(Topics.REQUESTS, "mallory".getBytes(StandardCharsets.UTF_8),
                    "{\"prompt\": \"this is JSON, not Avro\"}".getBytes(StandardCharsets.UTF_8)));
            PromptRequest invalid = DemoPrompts.toRequest(new DemoPrompts.Sample("mallory", "m-1", "Tell me a joke."), "demo-invalid");
            invalid.setMaxOutputTokens(-5);
            producer.send(new ProducerRecord<>(topics.requests().name(), invalid.getUserId(), invalid));
        }

        PremiumBaseline baseline = new PremiumBaseline(pipeline::policy, new CatalogPricing(pipeline.catalog()));
        DemoReport report = new DemoReport(out, pipeline.catalog(), baseline);
        Map<String, LlmResponse> responses = new LinkedHashMap<>();
        List<CostEvent> costs = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        out.printf("  %-7s %-8s %-22s %-9s %-42s %10s %9s  %s%n", "user", "status", "complexity/task", "tier",
                "answered by", "cost USD", "latency", "answer or reason");
        try (var responseReader = new TopicReader<>(config.kafka(), topics.responses());
             var costReader = new TopicReader<>(config.kafka(), topics.costEvents());
             var deadLetterReader = new TopicReader<>(config.kafka(), topics.deadLetters())) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (responses.size() < expectedResponses && System.nanoTime() < deadline) {
                for (LlmResponse response : responseReader.poll(Duration.ofMillis(200))) {
                    if (responses.putIfAbsent(response.getRequestId(), response) == null) {
                        report.response(response);
                    }
                }
            }
            // Workers write cost events before the response, so they are all there by now.
            for (int quiet = 0; quiet < 3; ) {
                List<CostEvent> batch = costReader.poll(Duration.ofMillis(300));
                List<DeadLetter> letters = deadLetterReader.poll(Duration.ofMillis(100));
                costs.addAll(batch);
                deadLetters.addAll(letters);
                quiet = batch.isEmpty() && letters.isEmpty() ? quiet + 1 : 0;
            }
        }
        report.summary(responses.values(), costs, deadLetters);
        dashboard.crossCheck(costs);
        if (responses.size() < expectedResponses) {
            out.printf("%nOnly %d of %d responses arrived within %d s.%n", responses.size(), expectedResponses, TIMEOUT.toSeconds());
            return 1;
        }
        out.printf("%nAll %d requests answered; nothing lost.%n", expectedResponses);
        dashboard.pointAt(keepRunning);
        return 0;
    }

    /** Cheap models answer fast and premium ones slowly; one economy model rate-limits, to show failover. */
    static SimulatorConfig simulatorConfig() {
        ModelProfile fast = ModelProfile.builder().latency(Latency.logNormal(Duration.ofMillis(80), Duration.ofMillis(250))).build();
        ModelProfile slow = ModelProfile.builder().latency(Latency.logNormal(Duration.ofMillis(300), Duration.ofMillis(900))).build();
        ModelProfile flaky = fast.toBuilder().rateLimitRate(0.3).retryAfter(Duration.ofSeconds(1)).build();
        return new SimulatorConfig(0, null, null, null, fast,
                Map.of("gpt-4.1-nano", flaky, "gpt-5", slow, "claude-opus-4-5", slow, "gemini-2.5-pro", slow), null);
    }

    /** The preferred port when it is free, else any free one: a second demo on the machine still runs. */
    private static int portFor(int preferred) {
        if (preferred > 0) {
            try (ServerSocket probe = new ServerSocket(preferred, 1, java.net.InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // fall through to a free port
            }
        }
        return Ports.freePort();
    }

    private static Map<String, Object> producerConfig(PipelineConfig config) {
        Map<String, Object> producer = new LinkedHashMap<>(config.kafka());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return producer;
    }

    private static Path copyResource(String resource, Path target) throws IOException {
        try (InputStream in = Demo.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            Files.copy(in, target);
            return target;
        }
    }
}
