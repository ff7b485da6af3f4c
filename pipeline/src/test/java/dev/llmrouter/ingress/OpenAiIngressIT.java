package dev.llmrouter.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.provider.ApiKey;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.simulator.Latency;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.worker.WorkerConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK pointed at the ingress, in front of the whole pipeline on a real broker and
 * registry with the provider simulator answering: existing SDK code works by changing the base URL.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class OpenAiIngressIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    private static ProviderSimulator simulator;
    private static Pipeline pipeline;
    private static Ingress ingress;
    private static OpenAIClient openai;
    private static PipelineConfig config;

    @BeforeAll
    static void start(KafkaCluster kafka, SchemaRegistryProcess registry) throws Exception {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        Path policy = work.resolve("policy.yaml");
        try (InputStream in = OpenAiIngressIT.class.getResourceAsStream("/demo/policy.yaml")) {
            Files.copy(in, policy);
        }
        config = new PipelineConfig(Map.of("bootstrap.servers", kafka.bootstrapServers()), Map.of("schema.registry.url", registry.url()),
                3, (short) 1, StreamsSettings.defaults(work.resolve("state")), ClassifyConfig.defaults(),
                WorkerConfig.defaults().withAttemptTimeout(Duration.ofSeconds(10)), 1,
                EmbeddedStack.simulatedProviders(simulator::baseUrl), policy, null)
                .withIngress(IngressConfig.defaults().listeningOn("127.0.0.1", 0).withMaxRequestBytes(64 * 1024));
        pipeline = Pipeline.start(config);
        ingress = Ingress.start(config.ingress(), config.kafka(), config.serde(), pipeline.catalog());
        openai = sdk(ingress, "any-key");
    }

    @AfterAll
    static void stop() {
        if (openai != null) {
            openai.close();
        }
        if (ingress != null) {
            ingress.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private static OpenAIClient sdk(Ingress target, String key) {
        return OpenAIOkHttpClient.builder().baseUrl(target.baseUrl().toString()).apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void shouldAnswerTheSdkWithTheModelThatAnsweredAndTheRoutingInHeaders() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("auto")
                .addSystemMessage("You are terse.").addUserMessage("What is the capital of Chile?")
                .user("alice").maxCompletionTokens(200).temperature(0.2).build();

        HttpResponseFor<ChatCompletion> raw = openai.chat().completions().withRawResponse().create(params);
        ChatCompletion completion = raw.parse().validate();

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().message().content()).hasValueSatisfying(text -> assertThat(text).isNotBlank());
        assertThat(completion.model()).isNotEqualTo("auto");
        assertThat(pipeline.catalog().priceOfModel(completion.model())).isPresent();
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isPositive();
            assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
            assertThat(usage.promptTokensDetails()).isPresent();
        });
        assertThat(raw.headers().values("x-llm-router-model").getFirst()).endsWith("/" + completion.model());
        assertThat(raw.headers().values("x-llm-router-tier")).containsAnyOf("economy", "standard", "premium");
        assertThat(raw.headers().values("x-llm-router-policy-version")).containsExactly(pipeline.policy().version());
        assertThat(Double.parseDouble(raw.headers().values("x-llm-router-cost-usd").getFirst())).isPositive();
        assertThat(raw.headers().values("x-llm-router-reason")).isNotEmpty();
        JsonValue routing = completion._additionalProperties().get("llm_router");
        assertThat(routing).isNotNull();
        assertThat(routing.toString()).contains("policy_version");
    }

    @Test
    void shouldStreamTheAnswerToTheSdksStreamingCall() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("auto").addUserMessage("Say hello.")
                .user("alice").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }

        String content = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.delta().content().stream()).reduce("", String::concat);
        assertThat(content).isNotBlank();
        assertThat(chunks.stream().flatMap(chunk -> chunk.choices().stream()).filter(choice -> choice.finishReason().isPresent()))
                .hasSize(1);
        assertThat(chunks.getLast().usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isPositive());
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.model()).isEqualTo(chunks.getFirst().model()));
        assertThat(pipeline.catalog().priceOfModel(chunks.getFirst().model())).isPresent();
    }

    @Test
    void shouldRaiseTheTierToTheRequestedModelsTierAndTakeHintsFromHeadersAndExtraFields() {
        ChatCompletionCreateParams premium = ChatCompletionCreateParams.builder().model("gpt-5")
                .addUserMessage("Hello!").build();
        ChatCompletionCreateParams hinted = ChatCompletionCreateParams.builder().model("some-model-we-do-not-know")
                .addUserMessage("Hello!")
                .putAdditionalHeader(ChatRequestMapper.USER_HEADER, "bob")
                .putAdditionalBodyProperty("min_tier", JsonValue.from("premium"))
                .putAdditionalBodyProperty("task_type", JsonValue.from("chat"))
                .build();

        HttpResponseFor<ChatCompletion> premiumAnswer = openai.chat().completions().withRawResponse().create(premium);
        HttpResponseFor<ChatCompletion> hintedAnswer = openai.chat().completions().withRawResponse().create(hinted);

        // "Hello!" alone routes below premium; the model names a premium model, so premium it is.
        assertThat(premiumAnswer.headers().values("x-llm-router-tier")).containsExactly("premium");
        assertThat(hintedAnswer.headers().values("x-llm-router-tier")).containsExactly("premium");
        assertThat(hintedAnswer.headers().values("x-llm-router-reason")).containsExactly("hint");
    }

    @Test
    void shouldListAutoTheTiersAndTheCatalogsModels() {
        List<String> ids = openai.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).contains("auto", "economy", "standard", "premium", "gpt-5", "claude-opus-4-5");
        assertThat(openai.models().retrieve("premium").id()).isEqualTo("premium");
    }

    @Test
    void shouldRefuseWithOpenAiStyleErrorsThatTheSdkRaises() {
        ChatCompletionCreateParams tooHot = ChatCompletionCreateParams.builder().model("auto").addUserMessage("Hi").temperature(5.0).build();
        ChatCompletionCreateParams overBudget = ChatCompletionCreateParams.builder().model("premium").user("capped")
                .addUserMessage("Write an essay on the history of Rome.").maxCompletionTokens(100_000).build();

        assertThatThrownBy(() -> openai.chat().completions().create(tooHot)).isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.param()).contains("temperature");
            assertThat(e.type()).contains("invalid_request_error");
        });
        assertThatThrownBy(() -> openai.chat().completions().create(overBudget)).isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(402);
            assertThat(e.code()).contains("budget_exceeded");
            assertThat(e.headers().values("x-llm-router-status")).containsExactly("refused");
        });
    }

    @Test
    void shouldAnswerMalformedOversizedAndMisroutedRequestsWithClearErrors() throws Exception {
        HttpResponse<String> notJson = post(ingress, "{\"model\": ", Map.of());
        HttpResponse<String> streaming = post(ingress, "{\"model\":\"auto\",\"stream\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of());
        HttpResponse<String> oversized = post(ingress, "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(70 * 1024) + "\"}]}", Map.of());
        HttpResponse<String> unknownPath = HTTP.send(HttpRequest.newBuilder(URI.create(ingress.baseUrl() + "/embeddings"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongMethod = HTTP.send(HttpRequest.newBuilder(URI.create(ingress.baseUrl() + "/chat/completions")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertError(notJson, 400, "invalid_json");
        assertError(streaming, 400, "invalid_value");
        assertThat(error(streaming).path("param").asText()).isEqualTo("stream");
        assertError(oversized, 413, "request_too_large");
        assertThat(error(oversized).path("message").asText()).contains("65536 bytes");
        assertError(unknownPath, 404, "unknown_url");
        assertError(wrongMethod, 405, "method_not_allowed");
    }

    @Test
    void shouldRequireAConfiguredApiKeyWithoutRevealingIt() throws Exception {
        IngressConfig locked = IngressConfig.defaults().listeningOn("127.0.0.1", 0).withApiKeys(List.of(ApiKey.of("s3cret-key")));
        try (Ingress guarded = Ingress.start(locked, config.kafka(), config.serde(), pipeline.catalog())) {
            OpenAIClient wrongKey = sdk(guarded, "wrong-key");
            OpenAIClient rightKey = sdk(guarded, "s3cret-key");

            assertThatThrownBy(() -> wrongKey.models().list()).isInstanceOfSatisfying(UnauthorizedException.class,
                    e -> assertThat(e.code()).contains("invalid_api_key"));
            assertThat(rightKey.models().list().data()).isNotEmpty();
            HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(guarded.baseUrl() + "/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(none, 401, "invalid_api_key");
            assertThat(none.body()).doesNotContain("s3cret");
            wrongKey.close();
            rightKey.close();
        }
    }

    @Test
    void shouldAnswer504WhenNoResponseArrivesInTime() throws Exception {
        IngressConfig impatient = IngressConfig.defaults().listeningOn("127.0.0.1", 0).withRequestTimeout(Duration.ofMillis(1));
        try (Ingress hurried = Ingress.start(impatient, config.kafka(), config.serde(), pipeline.catalog())) {
            HttpResponse<String> response = post(hurried, "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of());

            assertError(response, 504, "router_timeout");
            assertThat(error(response).path("message").asText()).contains("within 1 ms");
        }
    }

    @Test
    void shouldRefuseWith429AndRetryAfterWhileMaxPendingRequestsWaitForAnswers() throws Exception {
        // given an ingress that lets one request wait at a time, and providers that take 3 s to answer
        SimulatorConfig quick = simulator.config();
        ModelProfile slow = ModelProfile.builder().latency(Latency.fixed(Duration.ofSeconds(3))).build();
        simulator.update(c -> {
            SimulatorConfig slowed = c.withDefaultProfile(slow);
            for (String model : c.models().keySet()) {
                slowed = slowed.withModel(model, slow);
            }
            return slowed;
        });
        IngressConfig narrow = IngressConfig.defaults().listeningOn("127.0.0.1", 0).withMaxPending(1);
        String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (Ingress one = Ingress.start(narrow, config.kafka(), config.serde(), pipeline.catalog())) {
            CompletableFuture<HttpResponse<String>> waiting = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(one.baseUrl() + "/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> one.pending() == 1);

            // when
            HttpResponse<String> refused = post(one, body, Map.of());

            // then the second is refused at once, and the first is still answered
            assertError(refused, 429, "too_many_pending_requests");
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(waiting.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            simulator.update(quick);
        }
    }

    @Test
    void shouldCloseTheConnectionInsteadOfReadingTheRestOfAnOversizedBody() throws Exception {
        byte[] part = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
        // given a body declared larger than the limit, of which only the start is sent
        try (Socket socket = connect(ingress)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (10 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.flush();

            // then the answer is 413, and the connection ends instead of carrying the rest into a next request
            RawResponse response = RawResponse.read(socket.getInputStream());
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.head()).containsIgnoringCase("connection: close");
            assertThat(response.body()).contains("request_too_large");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        // given a chunked body (no length declared) that grows past the limit
        try (Socket socket = connect(ingress)) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 70; i++) {
                out.write("400\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(part);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();

            RawResponse response = RawResponse.read(socket.getInputStream());
            assertThat(response.status()).isEqualTo(413);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldKeepManyMoreIdleConnectionsOpenThanTheJdkServerDid() throws Exception {
        // given 300 keep-alive connections, each answered once (the JDK server kept 200 idle ones and closed the rest)
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = connect(ingress);
                sockets.add(socket);
                assertThat(healthz(socket).status()).isEqualTo(200);
            }
            // when every one of them is used again, then every one answers
            for (Socket socket : sockets) {
                assertThat(healthz(socket).status()).isEqualTo(200);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static Socket connect(Ingress target) throws Exception {
        Socket socket = new Socket(target.baseUrl().getHost(), target.baseUrl().getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static RawResponse healthz(Socket socket) throws Exception {
        socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return RawResponse.read(socket.getInputStream());
    }

    /** An HTTP/1.1 response read off a socket by its Content-Length, leaving the connection usable. */
    private record RawResponse(int status, String head, String body) {

        static RawResponse read(InputStream in) throws Exception {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalStateException("connection closed before the response head ended: " + head);
                }
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new RawResponse(Integer.parseInt(head.substring(9, 12)), head.toString(), body);
        }
    }

    private static HttpResponse<String> post(Ingress target, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = error(response);
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.has("type")).isTrue();
        assertThat(error.has("param")).isTrue();
    }
}
