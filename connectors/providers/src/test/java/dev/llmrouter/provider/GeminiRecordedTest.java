package dev.llmrouter.provider;

import static dev.llmrouter.provider.Outcomes.failure;
import static dev.llmrouter.provider.Outcomes.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Gemini adapter against bodies recorded from the Gemini API documentation. */
class GeminiRecordedTest {

    private CannedServer server;
    private ProviderRegistry registry;

    @BeforeEach
    void start() throws IOException {
        server = new CannedServer();
        registry = ProviderRegistry.create(List.of(ProviderConfig.of("gemini", "gemini",
                URI.create(server.root() + "/v1beta"), ApiKey.of("AIza-recorded"))));
    }

    @AfterEach
    void stop() {
        registry.close();
        server.close();
    }

    private static ChatRequest request() {
        return new ChatRequest("gemini-2.5-flash", "You are a teacher.",
                List.of(ChatMessage.user("Explain how AI works"), ChatMessage.assistant("Gladly."),
                        ChatMessage.user("In a few words")), 1000, 0.3, true, "json", Duration.ofSeconds(30));
    }

    private ChatResult chat() {
        return success(registry.get("gemini").chat(request()));
    }

    private ProviderException fail() {
        return failure(registry.get("gemini").chat(request()));
    }

    @Test
    void shouldParseDocumentedResponseCountingThoughtsAsOutput() {
        // given
        server.answer(200, "gemini/generate-content.json");

        // when
        ChatResult result = chat();

        // then
        assertThat(result.content()).startsWith("AI learns patterns from data");
        assertThat(result.finishReason()).isEqualTo(ChatResult.STOP);
        assertThat(result.usage()).isEqualTo(new TokenUsage(8, 19 + 1019, 0, 0));
    }

    @Test
    void shouldSendGenerateContentRequestWithKeyHeader() throws IOException {
        // given
        server.answer(200, "gemini/generate-content.json");

        // when
        chat();

        // then
        CannedServer.Received sent = server.received();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(sent.headers().getFirst("x-goog-api-key")).isEqualTo("AIza-recorded");
        JsonNode body = new ObjectMapper().readTree(sent.body());
        assertThat(body.path("systemInstruction").path("parts").get(0).path("text").asText()).isEqualTo("You are a teacher.");
        assertThat(body.path("contents").findValuesAsText("role")).containsExactly("user", "model", "user");
        assertThat(body.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(1000);
        assertThat(body.path("generationConfig").path("responseMimeType").asText()).isEqualTo("application/json");
    }

    @Test
    void shouldParseCachedContentTokensAndMaxTokens() {
        // given
        server.answer(200, "gemini/generate-content-cached.json");

        // when
        ChatResult result = chat();

        // then
        assertThat(result.usage()).isEqualTo(new TokenUsage(323_383, 12, 323_374, 0));
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void shouldMapSafetyFinishToBilledContentRefused() {
        // given
        server.answer(200, "gemini/generate-content-safety.json");

        // when
        ProviderException e = fail();

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_REFUSED);
        assertThat(e.billedUsage()).contains(new TokenUsage(12, 0, 0, 0));
    }

    @Test
    void shouldMapBlockedPromptToContentRefused() {
        // given
        server.answer(200, "gemini/generate-content-prompt-blocked.json");

        // when
        ProviderException e = fail();

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_REFUSED);
        assertThat(e.getMessage()).contains("SAFETY");
    }

    @Test
    void shouldMapResourceExhaustedWithRetryDelayFromBody() {
        // given
        server.answer(429, "gemini/error-resource-exhausted.json");

        // when
        ProviderException e = fail();

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(43));
        assertThat(e.rawBody()).isEqualTo(CannedServer.recorded("gemini/error-resource-exhausted.json"));
    }

    @Test
    void shouldMapInvalidApiKeyToAuthDespiteStatus400() {
        // given
        server.answer(400, "gemini/error-api-key-invalid.json");

        // then
        assertThat(fail().kind()).isEqualTo(ErrorKind.AUTH);
    }

    @Test
    void shouldMapTokenLimitToContextTooLong() {
        // given
        server.answer(400, "gemini/error-token-limit.json");

        // then
        assertThat(fail().kind()).isEqualTo(ErrorKind.CONTEXT_TOO_LONG);
    }

    @Test
    void shouldMapUnavailableAndInternalToUnavailable() {
        // given
        server.answer(503, "gemini/error-unavailable.json");
        ErrorKind overloaded = fail().kind();
        server.answer(500, "gemini/error-internal.json");
        ErrorKind internal = fail().kind();

        // then
        assertThat(overloaded).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(internal).isEqualTo(ErrorKind.UNAVAILABLE);
    }
}
