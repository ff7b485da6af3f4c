package dev.llmrouter.bench;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.management.OperatingSystemMXBean;
import dev.llmrouter.provider.ApiKey;
import dev.llmrouter.provider.ChatMessage;
import dev.llmrouter.provider.ChatRequest;
import dev.llmrouter.provider.ProviderConfig;
import dev.llmrouter.provider.ProviderRegistry;
import dev.llmrouter.simulator.WireFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Compares HTTP clients for thousands of concurrent provider calls: the same paced load against the
 * simulator (own JVM, fixed answer time) from the workers' own OpenAI adapter (Jetty's client underneath),
 * from the JDK HttpClient (async, and blocking on virtual threads), from blocking {@link HttpURLConnection}
 * on virtual threads, and from the official OpenAI Java SDK (OkHttp underneath), async, once with its
 * defaults and once with OkHttp's dispatcher opened up. Each client runs twice and the second, warmed run
 * is reported: latency added to the answer time, failed calls, this JVM's CPU per call (the simulator's
 * is not in it), and for the SDK the most calls it had on the wire at once.
 */
public final class HttpClientBench {

    /**
     * @param rate calls/s; @param seconds per run; @param providerLatency the simulator's answer time;
     * @param only the clients to run, by their key prefix in the results (all when empty)
     */
    public record Options(int rate, int seconds, Duration providerLatency, List<String> only) {
    }

    private static final String BODY = "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2 + 2?\"}]}";
    private static final ChatRequest CHAT = new ChatRequest("bench", null, List.of(ChatMessage.user("What is 2 + 2?")),
            null, null, false, null, Duration.ofSeconds(60));
    private static final ChatCompletionCreateParams PARAMS = ChatCompletionCreateParams.builder()
            .model("bench").addUserMessage("What is 2 + 2?").build();
    // Far above any answer time the bench uses: a timeout would end calls early and flatter the tail.
    private static final Duration SDK_TIMEOUT = Duration.ofSeconds(60);

    private final Options options;
    private final PrintStream out;

    public HttpClientBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        return WorkDir.using("llm-router-http-bench", out, this::run);
    }

    private Map<String, Object> run(Path work) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        try (SimulatorProcess simulator = SimulatorProcess.start(
                "defaultProfile:\n  latency: {type: fixed, value: " + options.providerLatency().toMillis() + "ms}\n", work, SimulatorProcess.HOLDING);
             ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
             ProviderRegistry adapters = ProviderRegistry.create(List.of(ProviderConfig.of("bench", "openai",
                     simulator.baseUrl(WireFormat.OPENAI), ApiKey.of("bench"))))) {
            URI uri = URI.create(simulator.baseUrl(WireFormat.OPENAI) + "/chat/completions");
            HttpClient jdk = HttpClient.newBuilder().executor(virtualThreads).version(HttpClient.Version.HTTP_1_1).build();
            Map<String, Call> clients = new LinkedHashMap<>();
            clients.put("llm_router_adapter", done -> adapters.get("bench").chat(CHAT)
                    .whenComplete((answer, failure) -> done.accept(failure)));
            clients.put("jdk_async", done -> jdk.sendAsync(request(uri), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> done.accept(failure != null ? failure : unexpected(response.statusCode()))));
            clients.put("jdk_blocking_virtual", blocking(virtualThreads,
                    () -> ok(jdk.send(request(uri), HttpResponse.BodyHandlers.ofString()).statusCode())));
            clients.put("urlconnection_blocking_virtual", blocking(virtualThreads, () -> post(uri)));

            Map<String, InFlight> onTheWire = new LinkedHashMap<>();
            onTheWire.put("openai_sdk_async_default", new InFlight());
            onTheWire.put("openai_sdk_async_tuned", new InFlight());
            OpenAIClientAsync sdkDefault = sdk(simulator).addInterceptor(onTheWire.get("openai_sdk_async_default")).build();
            // OkHttp admits 64 calls at a time, 5 per host, and the SDK raises only the per-host limit to 64;
            // the rest wait in the dispatcher's queue. The SDK's builder has no setting for either limit, only
            // a whole OkHttpClient of one's own, which then also carries the threads and the connection pool.
            // No cap, like the JDK HttpClient: the worker's in-flight limit is what bounds calls.
            Dispatcher dispatcher = new Dispatcher(virtualThreads);
            dispatcher.setMaxRequests(Integer.MAX_VALUE);
            dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
            OkHttpClient okHttp = new OkHttpClient.Builder().dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(Integer.MAX_VALUE, 5, TimeUnit.MINUTES)).build();
            OpenAIClientAsync sdkTuned = sdk(simulator).okHttpClient(okHttp)
                    .addInterceptor(onTheWire.get("openai_sdk_async_tuned")).build();
            try {
                clients.put("openai_sdk_async_default", sdkCall(sdkDefault));
                clients.put("openai_sdk_async_tuned", sdkCall(sdkTuned));
                // Fails the bench at once, with the SDK's own message, if its strict model rejects the simulator's body.
                sdkDefault.chat().completions().create(PARAMS).get(SDK_TIMEOUT.toSeconds(), TimeUnit.SECONDS).validate();

                for (String name : options.only()) {
                    if (!clients.containsKey(name)) {
                        throw new IllegalArgumentException("no client " + name + "; known: " + clients.keySet());
                    }
                }
                clients.keySet().removeIf(name -> !options.only().isEmpty() && !options.only().contains(name));
                for (Map.Entry<String, Call> client : clients.entrySet()) {
                    out.printf("  %s: %,d calls/s for %d s, twice ...%n", client.getKey(), options.rate(), options.seconds());
                    measure(client.getValue());
                    InFlight gauge = onTheWire.get(client.getKey());
                    if (gauge != null) {
                        gauge.peak.set(0);
                    }
                    Run warmed = measure(client.getValue());
                    result.put(client.getKey() + "_added_p50_ms", warmed.added().p50());
                    result.put(client.getKey() + "_added_p99_ms", warmed.added().p99());
                    result.put(client.getKey() + "_added_p999_ms", warmed.added().p999());
                    result.put(client.getKey() + "_failed_calls", warmed.failed());
                    result.put(client.getKey() + "_cpu_us_per_call", warmed.cpuMicrosPerCall());
                    if (gauge != null) {
                        result.put(client.getKey() + "_peak_in_flight", gauge.peak.get());
                    }
                }
            } finally {
                sdkDefault.close();
                sdkTuned.close();
                // The SDK leaves a supplied OkHttpClient's resources to its owner.
                okHttp.connectionPool().evictAll();
            }
        }
        return result;
    }

    /** The SDK's client for the simulator, with retries off so that its latency compares with the others'. */
    private static OpenAIOkHttpClientAsync.Builder sdk(SimulatorProcess simulator) {
        return OpenAIOkHttpClientAsync.builder()
                .baseUrl(simulator.baseUrl(WireFormat.OPENAI).toString())
                .apiKey("bench")
                .maxRetries(0)
                .timeout(SDK_TIMEOUT);
    }

    private static Call sdkCall(OpenAIClientAsync sdk) {
        return done -> sdk.chat().completions().create(PARAMS).whenComplete((completion, failure) -> done.accept(failure));
    }

    /** A blocking call on a virtual thread of its own. */
    private static Call blocking(ExecutorService virtualThreads, BlockingCall call) {
        return done -> virtualThreads.submit(() -> {
            Throwable failure = null;
            try {
                call.run();
            } catch (Throwable e) {
                failure = e;
            }
            done.accept(failure);
        });
    }

    private interface BlockingCall {
        void run() throws Exception;
    }

    /** Counts the SDK's calls past OkHttp's dispatcher, that is on the wire, and keeps the most at once. */
    private static final class InFlight implements Interceptor {
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();

        @Override
        public Response intercept(Chain chain) throws IOException {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                return chain.proceed(chain.request());
            } finally {
                now.decrementAndGet();
            }
        }
    }

    /** Starts one call and runs {@code done} when it ends, however it ends: with its failure, or {@code null}. */
    private interface Call {
        void start(Consumer<Throwable> done) throws Exception;
    }

    /**
     * @param added latency added to the answer time, warm-up excluded; @param failed failed calls, all counted;
     * @param cpuMicrosPerCall this JVM's CPU time over the run, per call
     */
    private record Run(Percentiles added, long failed, long cpuMicrosPerCall) {
    }

    private Run measure(Call call) throws Exception {
        int total = options.rate() * options.seconds();
        long[] latency = new long[total];
        AtomicLong failed = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(total);
        long interval = 1_000_000_000L / options.rate();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int index = i;
            long sent = System.nanoTime();
            call.start(failure -> {
                latency[index] = (System.nanoTime() - sent) / 1_000_000 - options.providerLatency().toMillis();
                if (failure != null) {
                    failed.incrementAndGet();
                }
                finished.countDown();
            });
        }
        finished.await();
        long cpuMicros = (os.getProcessCpuTime() - cpuBefore) / 1_000;
        return new Run(Percentiles.of(Arrays.copyOfRange(latency, total / 5, total)), failed.get(), cpuMicros / total);
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer bench").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    }

    /** The JDK client returns error statuses as responses; counted as failures like the others' exceptions. */
    private static IOException unexpected(int status) {
        return status == 200 ? null : new IOException("HTTP " + status);
    }

    private static void ok(int status) throws IOException {
        IOException failure = unexpected(status);
        if (failure != null) {
            throw failure;
        }
    }

    private static void post(URI uri) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Authorization", "Bearer bench");
        connection.setRequestProperty("Content-Type", "application/json");
        connection.getOutputStream().write(BODY.getBytes(StandardCharsets.UTF_8));
        connection.getInputStream().readAllBytes();
    }
}
