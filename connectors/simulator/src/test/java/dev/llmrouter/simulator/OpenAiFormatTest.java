package dev.llmrouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiFormatTest {

    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer sk-right");
    private ProviderSimulator sim;
    private URI chat;

    @BeforeEach
    void start() throws IOException {
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withApiKey(WireFormat.OPENAI, "sk-right"));
        chat = URI.create(sim.baseUrl(WireFormat.OPENAI) + "/chat/completions");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String request(String model, String system, String user, Map<String, Object> extra) {
        var body = new LinkedHashMap<String, Object>(Map.of("model", model, "messages", List.of(
                Map.of("role", "system", "content", system), Map.of("role", "user", "content", user))));
        body.putAll(extra);
        return SimClient.json(body);
    }

    @Test
    void shouldAnswerWithChatCompletionAndUsage() {
        // given a 40-character system prompt and a 12-character question
        String body = request("gpt-4o", "s".repeat(40), "What is 2+2?", Map.of());

        // when
        SimClient.Response response = SimClient.post(chat, AUTH, body);

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-request-id")).startsWith("req_");
        JsonNode json = response.json();
        assertThat(json.path("id").asText()).startsWith("chatcmpl-");
        assertThat(json.path("object").asText()).isEqualTo("chat.completion");
        assertThat(json.path("created").asLong()).isPositive();
        assertThat(json.path("model").asText()).isEqualTo("gpt-4o");
        JsonNode choice = json.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText())
                .isEqualTo("Simulated answer from gpt-4o to: What is 2+2?");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = json.path("usage");
        // ceil((40 + 1 newline + 12) / 4) = 14
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(14);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(12);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(26);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong()).isZero();
    }

    @Test
    void shouldReportCachedTokensWhenLongSystemPromptIsRepeated() {
        // given a 1,300-token system prompt
        String body = request("gpt-4o", "x".repeat(5_200), "hi", Map.of());

        // when it is sent twice
        JsonNode first = SimClient.post(chat, AUTH, body).json();
        JsonNode second = SimClient.post(chat, AUTH, body).json();

        // then the second call reports the prefix as cached, in OpenAI's 128-token steps
        assertThat(first.path("usage").path("prompt_tokens_details").path("cached_tokens").asLong()).isZero();
        assertThat(second.path("usage").path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(1280);
        assertThat(second.path("usage").path("prompt_tokens").asLong()).isEqualTo(1301);
    }

    @Test
    void shouldStopWithLengthWhenMaxTokensIsReached() {
        // given
        String body = request("gpt-4o", "sys", "Tell me a long story", Map.of("max_completion_tokens", 3));

        // when
        JsonNode json = SimClient.post(chat, AUTH, body).json();

        // then
        assertThat(json.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(json.path("choices").get(0).path("message").path("content").asText()).hasSize(12);
        assertThat(json.path("usage").path("completion_tokens").asLong()).isEqualTo(3);
    }

    @Test
    void shouldAnswerJsonWhenJsonObjectFormatIsRequested() throws IOException {
        // given
        String body = request("gpt-4o", "sys", "Reply in JSON",
                Map.of("response_format", Map.of("type", "json_object")));

        // when
        String content = SimClient.post(chat, AUTH, body).json().path("choices").get(0).path("message")
                .path("content").asText();

        // then
        assertThat(SimClient.JSON.readTree(content).path("answer").asText()).contains("Reply in JSON");
    }

    @Test
    void shouldRejectWrongKeyWithInvalidApiKeyError() {
        // when
        SimClient.Response response = SimClient.post(chat, Map.of("Authorization", "Bearer sk-wrong"),
                request("gpt-4o", "s", "u", Map.of()));

        // then
        assertThat(response.status()).isEqualTo(401);
        JsonNode error = response.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(response.raw()).doesNotContain("sk-wrong");
    }

    @Test
    void shouldAnswerRateLimitWithRetryAfterHeader() {
        // given
        sim.update(c -> c.withModel("gpt-4o", ModelProfile.builder().rateLimitRate(1)
                .retryAfter(Duration.ofSeconds(7)).build()));

        // when
        SimClient.Response response = SimClient.post(chat, AUTH, request("gpt-4o", "s", "u", Map.of()));

        // then
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("retry-after")).isEqualTo("7");
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void shouldAnswerInsufficientQuotaWhenAccountIsOutOfCredit() {
        // given
        sim.update(c -> c.withModel("gpt-4o", ModelProfile.builder().quotaExhausted(true).build()));

        // when
        SimClient.Response response = SimClient.post(chat, AUTH, request("gpt-4o", "s", "u", Map.of()));

        // then
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("retry-after")).isNull();
        assertThat(response.json().path("error").path("type").asText()).isEqualTo("insufficient_quota");
    }

    @Test
    void shouldRejectPromptLongerThanContextWindow() {
        // given
        sim.update(c -> c.withModel("gpt-4o", ModelProfile.builder().contextWindow(100).build()));

        // when
        SimClient.Response response = SimClient.post(chat, AUTH, request("gpt-4o", "s", "u".repeat(800), Map.of()));

        // then
        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.path("message").asText()).contains("maximum context length is 100 tokens");
    }

    @Test
    void shouldAnswerServerErrorAtConfiguredRate() {
        // given
        sim.update(c -> c.withDefaultProfile(ModelProfile.builder().errorRate(1).build()));

        // when
        SimClient.Response response = SimClient.post(chat, AUTH, request("any-model", "s", "u", Map.of()));

        // then
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.json().path("error").path("type").asText()).isEqualTo("server_error");
    }

    @Test
    void shouldListConfiguredModels() {
        // given
        sim.update(c -> c.withModel("gpt-4o-mini", ModelProfile.DEFAULT).withModel("gpt-4o", ModelProfile.DEFAULT));

        // when
        SimClient.Response response = SimClient.get(URI.create(sim.baseUrl(WireFormat.OPENAI) + "/models"), AUTH);

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("data").findValuesAsText("id")).containsExactly("gpt-4o", "gpt-4o-mini");
    }

    @Test
    void shouldRejectMalformedBody() {
        // when
        SimClient.Response response = SimClient.post(chat, AUTH, "{not json");

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }
}
