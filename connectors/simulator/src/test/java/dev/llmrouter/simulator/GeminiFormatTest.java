package dev.llmrouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeminiFormatTest {

    private ProviderSimulator sim;

    @BeforeEach
    void start() throws IOException {
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withApiKey(WireFormat.GEMINI, "g-right"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private URI generate(String model, String query) {
        return URI.create(sim.baseUrl(WireFormat.GEMINI) + "/models/" + model + ":generateContent" + query);
    }

    private static String request(String system, String user, Map<String, Object> generationConfig) {
        return SimClient.json(Map.of(
                "systemInstruction", Map.of("parts", List.of(Map.of("text", system))),
                "contents", List.of(Map.of("role", "user", "parts", List.of(Map.of("text", user)))),
                "generationConfig", generationConfig));
    }

    @Test
    void shouldAnswerWithCandidateAndUsageMetadataWhenKeyIsInQuery() {
        // when
        SimClient.Response response = SimClient.post(generate("gemini-2.5-flash", "?key=g-right"), Map.of(),
                request("sys", "Explain AI", Map.of("maxOutputTokens", 100)));

        // then
        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        JsonNode candidate = json.path("candidates").get(0);
        assertThat(candidate.path("content").path("role").asText()).isEqualTo("model");
        assertThat(candidate.path("content").path("parts").get(0).path("text").asText())
                .isEqualTo("Simulated answer from gemini-2.5-flash to: Explain AI");
        assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
        JsonNode usage = json.path("usageMetadata");
        assertThat(usage.path("promptTokenCount").asLong()).isEqualTo(4);
        assertThat(usage.path("candidatesTokenCount").asLong()).isEqualTo(14);
        assertThat(usage.path("totalTokenCount").asLong()).isEqualTo(18);
        assertThat(json.path("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
    }

    @Test
    void shouldReportCachedContentTokensWhenSystemInstructionIsRepeated() {
        // given
        String body = request("k".repeat(8_000), "Question", Map.of());
        Map<String, String> key = Map.of("x-goog-api-key", "g-right");

        // when
        JsonNode first = SimClient.post(generate("gemini-2.5-pro", ""), key, body).json().path("usageMetadata");
        JsonNode second = SimClient.post(generate("gemini-2.5-pro", ""), key, body).json().path("usageMetadata");

        // then promptTokenCount keeps including the cached part
        assertThat(first.has("cachedContentTokenCount")).isFalse();
        assertThat(second.path("cachedContentTokenCount").asLong()).isEqualTo(2000);
        assertThat(second.path("promptTokenCount").asLong()).isEqualTo(2003);
    }

    @Test
    void shouldRejectWrongKeyAsInvalidArgumentLikeTheRealApi() {
        // when
        SimClient.Response response = SimClient.post(generate("gemini-2.5-flash", "?key=g-wrong"), Map.of(),
                request("s", "u", Map.of()));

        // then
        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.json().path("error");
        assertThat(error.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.path("details").get(0).path("reason").asText()).isEqualTo("API_KEY_INVALID");
    }

    @Test
    void shouldAnswerResourceExhaustedWithRetryDelay() {
        // given
        sim.update(c -> c.withDefaultProfile(ModelProfile.builder().rateLimitRate(1)
                .retryAfter(Duration.ofSeconds(12)).build()));

        // when
        SimClient.Response response = SimClient.post(generate("gemini-2.5-flash", "?key=g-right"), Map.of(),
                request("s", "u", Map.of()));

        // then
        assertThat(response.status()).isEqualTo(429);
        JsonNode error = response.json().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(429);
        assertThat(error.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.path("details").get(0).path("retryDelay").asText()).isEqualTo("12s");
    }

    @Test
    void shouldStopWithMaxTokensWhenOutputLimitIsReached() {
        // when
        JsonNode candidate = SimClient.post(generate("gemini-2.5-flash", "?key=g-right"), Map.of(),
                request("s", "Explain AI", Map.of("maxOutputTokens", 2))).json().path("candidates").get(0);

        // then
        assertThat(candidate.path("finishReason").asText()).isEqualTo("MAX_TOKENS");
    }

    @Test
    void shouldAnswerUnavailableDuringModelOutage() {
        // given
        sim.outage("gemini-2.5-flash", Duration.ofMinutes(1));

        // when
        SimClient.Response down = SimClient.post(generate("gemini-2.5-flash", "?key=g-right"), Map.of(),
                request("s", "u", Map.of()));
        SimClient.Response other = SimClient.post(generate("gemini-2.5-pro", "?key=g-right"), Map.of(),
                request("s", "u", Map.of()));

        // then only the targeted model is down
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().path("error").path("status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(other.status()).isEqualTo(200);
    }
}
