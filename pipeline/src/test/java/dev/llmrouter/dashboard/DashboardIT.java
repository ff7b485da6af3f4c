package dev.llmrouter.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.demo.TopicReader;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.http.HttpSettings;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.support.Requests;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real broker with simulated providers serves its dashboard and metrics; headless
 * Chromium renders the dashboard after requests went through, and the page shows them. The screenshot
 * and the scraped metrics are kept in {@code target/dashboard/}.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class DashboardIT {

    private static final Path SCREENSHOT = Path.of("target", "dashboard", "dashboard.png");
    private static final String[] PROMPTS = {"Hello!", "What is the capital of Chile?",
            "Write a Java method that sorts a list of strings.",
            "Design a distributed lock service and explain the failure handling step by step with edge cases.",
            "Translate 'good night' into Italian."};

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void shouldShowModelsSpendSavingsAndDecisionsOfRequestsThatWentThrough(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                            @TempDir Path state, @TempDir Path profile) throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find(profile);
        assumeTrue(chromium.isPresent(), "no chromium on the PATH: install Debian's 'chromium' package (.ci/run does) to test the dashboard");
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults())) {
            PipelineConfig config = new PipelineConfig(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), Map.of("schema.registry.url", registry.url()),
                    2, (short) 1, StreamsSettings.defaults(state), ClassifyConfig.defaults(),
                    WorkerConfig.defaults().withAttemptTimeout(Duration.ofSeconds(10)), 1,
                    EmbeddedStack.simulatedProviders(simulator::baseUrl), null, null)
                    .withHttp(HttpSettings.loopback(0));
            try (Pipeline pipeline = Pipeline.start(config)) {
                Map<String, LlmResponse> responses = exchange(pipeline, config, 15);
                Set<String> models = responses.values().stream().map(r -> r.getProvider() + "/" + r.getModel()).collect(Collectors.toSet());
                String base = pipeline.web().orElseThrow().baseUrl().toString();

                String metrics = get(base + "/metrics");
                Files.createDirectories(SCREENSHOT.getParent());
                Files.writeString(SCREENSHOT.resolveSibling("metrics.txt"), metrics);
                assertThat(metrics).contains("llmrouter_requests_total{", "llmrouter_request_latency_seconds_bucket{",
                        "llmrouter_provider_calls_total{", "llmrouter_tokens_total{", "llmrouter_cost_usd_total{",
                        "llmrouter_cache_hit_ratio{", "llmrouter_worker_in_flight", "llmrouter_route_decisions_total{",
                        "kafka_consumer_fetch_manager_records_lag_max");
                assertThat(metrics).as("provider API keys never reach a metric").doesNotContain("sim-local-key");

                chromium.get().screenshot(base + DashboardRoutes.PATH, SCREENSHOT, 1400, 1500, 8_000);
                String dom = chromium.get().dumpDom(base + DashboardRoutes.PATH, 8_000);

                assertThat(text(dom, "health")).isEqualTo("UP");
                assertThat(dom).as("every answering model is named").contains(models);
                assertThat(Integer.parseInt(text(dom, "calls-total"))).isGreaterThanOrEqualTo(responses.size());
                assertThat(Double.parseDouble(text(dom, "spend-total"))).isPositive();
                assertThat(Double.parseDouble(text(dom, "premium-total"))).isGreaterThan(Double.parseDouble(text(dom, "spend-total")));
                assertThat(text(dom, "savings")).endsWith("%");
                assertThat(dom).as("spend charts are drawn").containsPattern("id=\"spend-live\"[^>]*><svg")
                        .containsPattern("id=\"spend-hourly\"[^>]*><svg");
                assertThat(dom).as("a decision with its reason").containsPattern("class=\"reason\">(POLICY|DEFAULT_ROUTE)<");
                assertThat(dom).as("the budgets of the users").contains("<td>user-0</td>");
                assertThat(dom).as("provider circuits").contains("class=\"state-CLOSED\"");
            }
        }
    }

    private Map<String, LlmResponse> exchange(Pipeline pipeline, PipelineConfig config, int count) {
        Topics topics = pipeline.topics();
        Map<String, LlmResponse> responses = new HashMap<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", config.kafka().get("bootstrap.servers")),
                topics.requests().keySerde().serializer(), topics.requests().valueSerde().serializer());
             var reader = new TopicReader<>(config.kafka(), topics.responses())) {
            for (int i = 0; i < count; i++) {
                PromptRequest request = Requests.prompt("user-" + (i % 3), PROMPTS[i % PROMPTS.length]);
                producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getUserId(), request));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (responses.size() < count && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(response -> responses.put(response.getRequestId(), response));
            }
        }
        assertThat(responses).hasSize(count);
        assertThat(responses.values()).allSatisfy(response -> assertThat(response.getStatus()).isEqualTo(ResponseStatus.OK));
        return responses;
    }

    /** The text of the element with {@code id}, tags stripped. */
    private static String text(String dom, String id) {
        Matcher matcher = Pattern.compile("id=\"" + id + "\"[^>]*>(.*?)</", Pattern.DOTALL).matcher(dom);
        assertThat(matcher.find()).as("element #" + id + " in the page").isTrue();
        return matcher.group(1).replaceAll("<[^>]+>", "").trim();
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
