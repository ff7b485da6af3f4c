package dev.llmrouter.provider;

import static dev.llmrouter.provider.Outcomes.failure;
import static dev.llmrouter.provider.Outcomes.success;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible adapter against bodies recorded from OpenAI's and DeepSeek's documentation. */
class OpenAiRecordedTest {

    private CannedServer server;
    private ProviderRegistry registry;

    @BeforeEach
    void start() throws IOException {
        server = new CannedServer();
        registry = ProviderRegistry.create(List.of(new ProviderConfig("openai", "openai",
                URI.create(server.root() + "/v1/"), ApiKey.of("sk-recorded"), null, Map.of("OpenAI-Organization", "org-1"))));
    }

    @AfterEach
    void stop() {
        registry.close();
        server.close();
    }

    private ChatRequest request() {
        return new ChatRequest("gpt-4.1", "You are a helpful assistant.", List.of(ChatMessage.user("Hello!")), 50,
                0.7, false, null, Duration.ofSeconds(30));
    }

    @Test
    void shouldParseDocumentedChatCompletion() {
        // given
        server.answer(200, "openai/chat-completion.json");

        // when
        ChatResult result = success(registry.get("openai").chat(request()));

        // then
        assertThat(result.content()).isEqualTo("Hello! How can I assist you today?");
        assertThat(result.finishReason()).isEqualTo(ChatResult.STOP);
        assertThat(result.model()).isEqualTo("gpt-4.1");
        assertThat(result.usage()).isEqualTo(new TokenUsage(19, 10, 0, 0));
    }

    @Test
    void shouldSendChatCompletionRequestWithBearerKeyAndExtraHeaders() {
        // given
        server.answer(200, "openai/chat-completion.json");

        // when
        success(registry.get("openai").chat(request()));

        // then
        CannedServer.Received sent = server.received();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.headers().getFirst("Authorization")).isEqualTo("Bearer sk-recorded");
        assertThat(sent.headers().getFirst("OpenAI-Organization")).isEqualTo("org-1");
        assertThat(sent.body()).contains("\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello!\"}]").contains("\"max_tokens\":50").contains("\"temperature\":0.7");
    }

    @Test
    void shouldParseCachedTokensFromPromptTokensDetails() {
        // given
        server.answer(200, "openai/chat-completion-cached.json");

        // when
        TokenUsage usage = success(registry.get("openai").chat(request())).usage();

        // then
        assertThat(usage).isEqualTo(new TokenUsage(2006, 300, 1920, 0));
        assertThat(usage.uncachedInputTokens()).isEqualTo(86);
    }

    @Test
    void shouldParseDeepSeekCacheHitTokens() {
        // given
        server.answer(200, "deepseek/chat-completion-cache-hit-only.json");

        // when
        TokenUsage usage = success(registry.get("openai").chat(request())).usage();

        // then
        assertThat(usage).isEqualTo(new TokenUsage(1200, 8, 1152, 0));
    }

    @Test
    void shouldPreferPromptTokensDetailsWhenDeepSeekSendsBoth() {
        // given
        server.answer(200, "deepseek/chat-completion-cache-hit.json");

        // when
        TokenUsage usage = success(registry.get("openai").chat(request())).usage();

        // then
        assertThat(usage).isEqualTo(new TokenUsage(16, 10, 0, 0));
    }

    @Test
    void shouldMapRefusalToBilledContentRefused() {
        // given
        server.answer(200, "openai/chat-completion-refusal.json");

        // when
        ProviderException e = failure(registry.get("openai").chat(request()));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_REFUSED);
        assertThat(e.getMessage()).contains("I'm sorry, I cannot assist with that request.");
        assertThat(e.billedUsage()).contains(new TokenUsage(81, 11, 0, 0));
        assertThat(e.rawBody()).isEqualTo(CannedServer.recorded("openai/chat-completion-refusal.json"));
    }

    @Test
    void shouldMapRateLimitWithRetryAfterFromMessageWhenHeaderIsMissing() {
        // given
        server.answer(429, "openai/error-rate-limit.json");

        // when
        ProviderException e = failure(registry.get("openai").chat(request()));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(e.rawBody()).isEqualTo(CannedServer.recorded("openai/error-rate-limit.json"));
    }

    @Test
    void shouldPreferRetryAfterMsHeader() {
        // given
        server.answer(429, Map.of("retry-after-ms", "250", "retry-after", "1"), "openai/error-rate-limit.json");

        // when
        ProviderException e = failure(registry.get("openai").chat(request()));

        // then
        assertThat(e.retryAfter()).contains(Duration.ofMillis(250));
    }

    @Test
    void shouldMapInsufficientQuotaToOutOfCredit() {
        // given
        server.answer(429, "openai/error-insufficient-quota.json");

        // when
        ProviderException e = failure(registry.get("openai").chat(request()));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.OUT_OF_CREDIT);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void shouldMapContextLengthExceeded() {
        // given
        server.answer(400, "openai/error-context-length.json");

        // when
        ProviderException e = failure(registry.get("openai").chat(request()));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_TOO_LONG);
        assertThat(e.getMessage()).contains("maximum context length is 128000 tokens");
    }

    @Test
    void shouldMapInvalidApiKeyToAuth() {
        // given
        server.answer(401, "openai/error-invalid-api-key.json");

        // when
        ProviderException e = failure(registry.get("openai").chat(request()));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
        assertThat(e.httpStatus()).isEqualTo(401);
    }

    @Test
    void shouldMapServerErrorToUnavailable() {
        // given
        server.answer(500, "openai/error-server.json");

        // when
        ProviderException e = failure(registry.get("openai").chat(request()));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void shouldMapUnreadableSuccessToProviderErrorKeepingRawBody() {
        // given an answer that is not the documented shape
        server.answer(200, "anthropic/error-overloaded.json");

        // when
        ProviderException e = failure(registry.get("openai").chat(request()));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
        assertThat(e.httpStatus()).isEqualTo(200);
        assertThat(e.rawBody()).isEqualTo(CannedServer.recorded("anthropic/error-overloaded.json"));
    }
}
