package dev.llmrouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    private static final int REQUESTS = 5_000;

    @Test
    void shouldServeFiveThousandSlowRequestsInFlightAtOnce() throws Exception {
        // given every request takes two seconds
        SimulatorConfig config = SimulatorConfig.defaults()
                .withDefaultProfile(ModelProfile.builder().latency(Latency.fixed(Duration.ofSeconds(2))).build());
        try (ProviderSimulator sim = ProviderSimulator.start(config);
             var executor = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                     .build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl(WireFormat.OPENAI) + "/chat/completions"))
                    .header("Authorization", "Bearer k")
                    .POST(HttpRequest.BodyPublishers.ofString(SimClient.json(Map.of("model", "slow",
                            "messages", List.of(Map.of("role", "user", "content", "hi"))))))
                    .build();

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
