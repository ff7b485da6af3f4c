package dev.llmrouter.provider;

import static dev.llmrouter.provider.Outcomes.failure;
import static dev.llmrouter.provider.Outcomes.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Anthropic adapter against bodies recorded from Anthropic's documentation. */
class AnthropicRecordedTest {

    private CannedServer server;
    private ProviderRegistry registry;

    @BeforeEach
    void start() throws IOException {
        server = new CannedServer();
        registry = ProviderRegistry.create(List.of(
                ProviderConfig.of("anthropic", "anthropic", server.root(), ApiKey.of("sk-ant-recorded"))));
    }

    @AfterEach
    void stop() {
        registry.close();
        server.close();
    }

    private ChatResult chat(boolean cacheSystemPrompt) {
        return success(registry.get("anthropic").chat(request(cacheSystemPrompt)));
    }

    private static ChatRequest request(boolean cacheSystemPrompt) {
        return new ChatRequest("claude-sonnet-4-5", "You are an expert on Jane Austen.",
                List.of(ChatMessage.system("Answer in one sentence."), ChatMessage.user("Hello, Claude")), null, 0.5,
                cacheSystemPrompt, "json", Duration.ofSeconds(30));
    }

    private ProviderException fail() {
        return failure(registry.get("anthropic").chat(request(false)));
    }

    @Test
    void shouldParseDocumentedMessage() {
        // given
        server.answer(200, "anthropic/message.json");

        // when
        ChatResult result = chat(false);

        // then
        assertThat(result.content()).isEqualTo("Hi! My name is Claude.");
        assertThat(result.finishReason()).isEqualTo(ChatResult.STOP);
        assertThat(result.usage()).isEqualTo(new TokenUsage(2095, 503, 0, 0));
    }

    @Test
    void shouldSendMessagesRequestWithCacheControlOnSystemBlock() throws IOException {
        // given
        server.answer(200, "anthropic/message.json");

        // when
        chat(true);

        // then
        CannedServer.Received sent = server.received();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.headers().getFirst("x-api-key")).isEqualTo("sk-ant-recorded");
        assertThat(sent.headers().getFirst("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode body = new ObjectMapper().readTree(sent.body());
        assertThat(body.path("max_tokens").asInt()).isEqualTo(ChatRequest.DEFAULT_ANTHROPIC_MAX_TOKENS);
        JsonNode system = body.path("system").get(0);
        assertThat(system.path("text").asText()).isEqualTo("You are an expert on Jane Austen.\n\nAnswer in one sentence.");
        assertThat(system.path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void shouldSendPlainSystemStringWithoutCaching() throws IOException {
        // given
        server.answer(200, "anthropic/message.json");

        // when
        chat(false);

        // then
        JsonNode body = new ObjectMapper().readTree(server.received().body());
        assertThat(body.path("system").isTextual()).isTrue();
        assertThat(body.has("response_format")).isFalse();
    }

    @Test
    void shouldCountCacheWritesAsInput() {
        // given
        server.answer(200, "anthropic/message-cache-write.json");

        // when
        TokenUsage usage = chat(true).usage();

        // then input_tokens excludes the 188,086 written tokens; the contract's input includes them
        assertThat(usage).isEqualTo(new TokenUsage(188_107, 393, 0, 188_086));
        assertThat(usage.uncachedInputTokens()).isEqualTo(21);
    }

    @Test
    void shouldCountCacheReadsAsInputAndMapMaxTokensToLength() {
        // given
        server.answer(200, "anthropic/message-cache-read.json");

        // when
        ChatResult result = chat(true);

        // then
        assertThat(result.usage()).isEqualTo(new TokenUsage(188_107, 1024, 188_086, 0));
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void shouldMapRefusalStopToBilledContentRefused() {
        // given
        server.answer(200, "anthropic/message-refusal.json");

        // when
        ProviderException e = fail();

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_REFUSED);
        assertThat(e.billedUsage()).contains(new TokenUsage(25, 9, 0, 0));
    }

    @Test
    void shouldMapOverloadedToUnavailable() {
        // given
        server.answer(529, "anthropic/error-overloaded.json");

        // when
        ProviderException e = fail();

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(e.httpStatus()).isEqualTo(529);
        assertThat(e.rawBody()).isEqualTo(CannedServer.recorded("anthropic/error-overloaded.json"));
    }

    @Test
    void shouldMapRateLimitWithRetryAfterHeaderInSeconds() {
        // given
        server.answer(429, Map.of("retry-after", "17"), "anthropic/error-rate-limit.json");

        // when
        ProviderException e = fail();

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(17));
    }

    @Test
    void shouldMapAuthenticationErrorToAuth() {
        // given
        server.answer(401, "anthropic/error-authentication.json");

        // then
        assertThat(fail().kind()).isEqualTo(ErrorKind.AUTH);
    }

    @Test
    void shouldMapPromptTooLongToContextTooLong() {
        // given
        server.answer(400, "anthropic/error-prompt-too-long.json");

        // then
        assertThat(fail().kind()).isEqualTo(ErrorKind.CONTEXT_TOO_LONG);
    }

    @Test
    void shouldMapLowCreditBalanceToOutOfCredit() {
        // given
        server.answer(400, "anthropic/error-credit-balance.json");

        // then
        assertThat(fail().kind()).isEqualTo(ErrorKind.OUT_OF_CREDIT);
    }

    @Test
    void shouldMapBillingErrorToOutOfCredit() {
        // given
        server.answer(402, "anthropic/error-billing.json");

        // then
        assertThat(fail().kind()).isEqualTo(ErrorKind.OUT_OF_CREDIT);
    }

    @Test
    void shouldMapApiErrorToUnavailable() {
        // given
        server.answer(500, "anthropic/error-api.json");

        // then
        assertThat(fail().kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    }
}
