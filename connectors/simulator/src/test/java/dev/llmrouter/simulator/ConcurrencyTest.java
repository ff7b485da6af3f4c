package dev.llmrouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    private static final int REQUESTS = 5_000;

    @Test
    void shouldServeFiveThousandSlowRequestsInFlightAtOnce() throws Exception {
        // given every request takes two seconds
        try (ProviderSimulator sim = slowSimulator(Duration.ofSeconds(2));
             var executor = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                     .build()) {
            HttpRequest request = chat(sim, "slow");

            // when they are all sent at once
            List<CompletableFuture<Integer>> statuses = IntStream.range(0, REQUESTS)
                    .mapToObj(i -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                            .thenApply(HttpResponse::statusCode))
                    .toList();
            CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new)).join();

            // then every one succeeds, and most of them were waiting side by side
            assertThat(statuses).allSatisfy(status -> assertThat(status.join()).isEqualTo(200));
            assertThat(sim.stats().responses(200)).isEqualTo(REQUESTS);
            assertThat(sim.stats().peakInFlight()).isGreaterThan(REQUESTS / 2);
        }
    }

    @Test
    void shouldAnswerFiveHundredConcurrentSlowRequestsSideBySide() throws Exception {
        // given every request takes 200 ms, one after the other they would take 100 s
        try (ProviderSimulator sim = slowSimulator(Duration.ofMillis(200));
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest request = chat(sim, "slow");

            // when 500 are sent at once
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 500)
                    .mapToObj(i -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                    .toList();
            CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            // then each gets its own complete answer, and they waited side by side, not in turn
            List<SimClient.Response> answers = responses.stream().map(CompletableFuture::join)
                    .map(r -> new SimClient.Response(r.statusCode(), r.headers(), r.body())).toList();
            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.json().at("/choices/0/message/content").asText()).startsWith("Simulated answer from slow");
            });
            assertThat(answers.stream().map(answer -> answer.json().path("id").asText())).doesNotHaveDuplicates();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(sim.stats().inFlight()).isZero();
        }
    }

    @Test
    void shouldDropWaitingRequestsWhenClosed() throws Exception {
        // given a request waiting out a long latency
        ProviderSimulator sim = slowSimulator(Duration.ofMinutes(5));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            CompletableFuture<HttpResponse<Void>> waiting = client.sendAsync(chat(sim, "slow"),
                    HttpResponse.BodyHandlers.discarding());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sim.stats().inFlight() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            // when the simulator is closed
            sim.close();

            // then the client sees its connection close instead of an answer
            assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        }
    }

    private static ProviderSimulator slowSimulator(Duration latency) throws IOException {
        return ProviderSimulator.start(SimulatorConfig.defaults()
                .withDefaultProfile(ModelProfile.builder().latency(Latency.fixed(latency)).build()));
    }

    private static HttpRequest chat(ProviderSimulator sim, String model) {
        return HttpRequest.newBuilder(URI.create(sim.baseUrl(WireFormat.OPENAI) + "/chat/completions"))
                .header("Authorization", "Bearer k")
                .POST(HttpRequest.BodyPublishers.ofString(SimClient.json(Map.of("model", model,
                        "messages", List.of(Map.of("role", "user", "content", "hi"))))))
                .build();
    }

    @Test
    void shouldAnswerTooManyRequestsAboveMaxConcurrent() throws IOException {
        // given a model that takes one request at a time, busy for a second
        SimulatorConfig config = SimulatorConfig.defaults().withModel("narrow", ModelProfile.builder()
                .latency(Latency.fixed(Duration.ofSeconds(1))).maxConcurrent(1).build());
        try (ProviderSimulator sim = ProviderSimulator.start(config);
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            URI chat = URI.create(sim.baseUrl(WireFormat.OPENAI) + "/chat/completions");
            String body = SimClient.json(Map.of("model", "narrow",
                    "messages", List.of(Map.of("role", "user", "content", "hi"))));

            // when five arrive together
            List<CompletableFuture<Integer>> statuses = IntStream.range(0, 5)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> SimClient.post(chat, Map.of("Authorization", "Bearer k"), body).status(), executor))
                    .toList();

            // then at least one is turned away with 429
            assertThat(statuses.stream().map(CompletableFuture::join)).contains(429);
        }
    }
}
