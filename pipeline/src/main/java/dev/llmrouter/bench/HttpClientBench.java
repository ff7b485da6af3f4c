package dev.llmrouter.bench;

import dev.llmrouter.simulator.WireFormat;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Compares HTTP clients for thousands of concurrent provider calls: the same paced load against the
 * simulator (own JVM, fixed answer time) from the JDK HttpClient (async, and blocking on virtual
 * threads) and from blocking {@link HttpURLConnection} on virtual threads. Each client runs twice and
 * the second, warmed run is reported.
 */
public final class HttpClientBench {

    /** @param rate calls/s; @param seconds per run; @param providerLatency the simulator's answer time */
    public record Options(int rate, int seconds, Duration providerLatency) {
    }

    private static final String BODY = "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2 + 2?\"}]}";

    private final Options options;
    private final PrintStream out;

    public HttpClientBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        var work = Files.createTempDirectory("llm-router-http-bench");
        try (SimulatorProcess simulator = SimulatorProcess.start(
                "defaultProfile:\n  latency: {type: fixed, value: " + options.providerLatency().toMillis() + "ms}\n", work);
             ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            URI uri = URI.create(simulator.baseUrl(WireFormat.OPENAI) + "/chat/completions");
            HttpClient jdk = HttpClient.newBuilder().executor(virtualThreads).version(HttpClient.Version.HTTP_1_1).build();
            Map<String, Call> clients = new LinkedHashMap<>();
            clients.put("jdk_async", done -> jdk.sendAsync(request(uri), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> done.run()));
            clients.put("jdk_blocking_virtual", done -> virtualThreads.submit(() -> {
                try {
                    jdk.send(request(uri), HttpResponse.BodyHandlers.ofString());
                } finally {
                    done.run();
                }
                return null;
            }));
            clients.put("urlconnection_blocking_virtual", done -> virtualThreads.submit(() -> {
                try {
                    post(uri);
                } finally {
                    done.run();
                }
                return null;
            }));
            for (Map.Entry<String, Call> client : clients.entrySet()) {
                out.printf("  %s: %,d calls/s for %d s, twice ...%n", client.getKey(), options.rate(), options.seconds());
                measure(client.getValue());
                Percentiles warmed = measure(client.getValue());
                result.put(client.getKey() + "_added_p50_ms", warmed.p50());
                result.put(client.getKey() + "_added_p99_ms", warmed.p99());
                result.put(client.getKey() + "_added_p999_ms", warmed.p999());
            }
        }
        return result;
    }

    /** Starts one call and runs {@code done} when it ends, however it ends. */
    private interface Call {
        void start(Runnable done) throws Exception;
    }

    private Percentiles measure(Call call) throws Exception {
        int total = options.rate() * options.seconds();
        long[] latency = new long[total];
        CountDownLatch finished = new CountDownLatch(total);
        long interval = 1_000_000_000L / options.rate();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int index = i;
            long sent = System.nanoTime();
            call.start(() -> {
                latency[index] = (System.nanoTime() - sent) / 1_000_000 - options.providerLatency().toMillis();
                finished.countDown();
            });
        }
        finished.await();
        return Percentiles.of(Arrays.copyOfRange(latency, total / 5, total));
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer bench").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
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
