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

class AnthropicFormatTest {

    private static final Map<String, String> HEADERS = Map.of("x-api-key", "sk-ant-right",
            "anthropic-version", "2023-06-01");
    private ProviderSimulator sim;
    private URI messages;

    @BeforeEach
    void start() throws IOException {
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withApiKey(WireFormat.ANTHROPIC, "sk-ant-right"));
        messages = URI.create(sim.baseUrl(WireFormat.ANTHROPIC) + "/v1/messages");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String request(Object system, String user) {
        return SimClient.json(Map.of("model", "claude-sonnet-4-5", "max_tokens", 1024, "system", system,
                "messages", List.of(Map.of("role", "user", "content", user))));
    }

    @Test
    void shouldAnswerWithMessageAndUsage() {
        // when
        SimClient.Response response = SimClient.post(messages, HEADERS, request("Be brief.", "Hello, Claude"));

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("request-id")).startsWith("req_");
        JsonNode json = response.json();
        assertThat(json.path("id").asText()).startsWith("msg_");
        assertThat(json.path("type").asText()).isEqualTo("message");
        assertThat(json.path("role").asText()).isEqualTo("assistant");
        assertThat(json.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(json.path("content").get(0).path("type").asText()).isEqualTo("text");
        assertThat(json.path("content").get(0).path("text").asText())
                .isEqualTo("Simulated answer from claude-sonnet-4-5 to: Hello, Claude");
        assertThat(json.path("stop_reason").asText()).isEqualTo("end_turn");
        // ceil(("Be brief." + "\n" + "Hello, Claude").length() / 4) = ceil(23 / 4) = 6
        assertThat(json.path("usage").path("input_tokens").asLong()).isEqualTo(6);
        assertThat(json.path("usage").path("cache_creation_input_tokens").asLong()).isZero();
        assertThat(json.path("usage").path("cache_read_input_tokens").asLong()).isZero();
    }

    @Test
    void shouldWriteThenReadCacheForBlockMarkedWithCacheControl() {
        // given a 1,500-token system block marked for caching
        String body = request(List.of(Map.of("type", "text", "text", "r".repeat(6_000),
                "cache_control", Map.of("type", "ephemeral"))), "Summarise");

        // when
        JsonNode first = SimClient.post(messages, HEADERS, body).json().path("usage");
        JsonNode second = SimClient.post(messages, HEADERS, body).json().path("usage");

        // then the first call writes the cache, the second reads it, and input_tokens excludes both
        assertThat(first.path("cache_creation_input_tokens").asLong()).isEqualTo(1500);
        assertThat(first.path("cache_read_input_tokens").asLong()).isZero();
        assertThat(second.path("cache_creation_input_tokens").asLong()).isZero();
        assertThat(second.path("cache_read_input_tokens").asLong()).isEqualTo(1500);
        // ceil((6000 + 1 + 9) / 4) = 1503 in all, of which 1500 cached
        assertThat(first.path("input_tokens").asLong()).isEqualTo(3);
        assertThat(second.path("input_tokens").asLong()).isEqualTo(3);
    }

    @Test
    void shouldNotCacheSystemPromptWithoutCacheControl() {
        // given
        String body = request("r".repeat(6_000), "Summarise");

        // when
        SimClient.post(messages, HEADERS, body);
        JsonNode second = SimClient.post(messages, HEADERS, body).json().path("usage");

        // then
        assertThat(second.path("cache_read_input_tokens").asLong()).isZero();
        assertThat(second.path("input_tokens").asLong()).isEqualTo(1503);
    }

    @Test
    void shouldAnswerOverloadedDuringOutage() {
        // given
        sim.outage("anthropic", Duration.ofMinutes(1));

        // when
        SimClient.Response response = SimClient.post(messages, HEADERS, request("s", "u"));

        // then
        assertThat(response.status()).isEqualTo(529);
        assertThat(response.json().path("type").asText()).isEqualTo("error");
        assertThat(response.json().path("error").path("type").asText()).isEqualTo("overloaded_error");
    }

    @Test
    void shouldAnswerRateLimitErrorWithRetryAfterHeader() {
        // given
        sim.update(c -> c.withDefaultProfile(ModelProfile.builder().rateLimitRate(1)
                .retryAfter(Duration.ofSeconds(3)).build()));

        // when
        SimClient.Response response = SimClient.post(messages, HEADERS, request("s", "u"));

        // then
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("retry-after")).isEqualTo("3");
        assertThat(response.json().path("error").path("type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void shouldRejectMissingVersionHeader() {
        // when
        SimClient.Response response = SimClient.post(messages, Map.of("x-api-key", "sk-ant-right"), request("s", "u"));

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("message").asText()).contains("anthropic-version");
    }

    @Test
    void shouldRejectWrongKeyWithAuthenticationError() {
        // when
        SimClient.Response response = SimClient.post(messages,
                Map.of("x-api-key", "sk-ant-wrong", "anthropic-version", "2023-06-01"), request("s", "u"));

        // then
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("error").path("type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void shouldReportPromptTooLongBeyondContextWindow() {
        // given
        sim.update(c -> c.withDefaultProfile(ModelProfile.builder().contextWindow(10).build()));

        // when
        SimClient.Response response = SimClient.post(messages, HEADERS, request("s", "u".repeat(100)));

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("message").asText()).isEqualTo("prompt is too long: 26 tokens > 10 maximum");
    }
}
