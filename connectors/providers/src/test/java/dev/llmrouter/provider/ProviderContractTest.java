package dev.llmrouter.provider;

import static dev.llmrouter.provider.Outcomes.failure;
import static dev.llmrouter.provider.Outcomes.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.simulator.Latency;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.simulator.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter must do, checked over real HTTP against the provider simulator speaking the
 * adapter's wire format. Each adapter's test extends this class and names its format.
 */
abstract class ProviderContractTest {

    /** The configured key; it must never show up in a failure. */
    private static final String SECRET = "sk-contract-9f8e7d6c5b4a";
    private static final String ID = "under-test";

    private ProviderSimulator sim;
    private ProviderRegistry registry;
    private LlmProvider provider;

    /** The simulator's wire format this adapter speaks. */
    protected abstract WireFormat format();

    /** The adapter's {@link ProviderConfig#type()}. */
    protected abstract String type();

    /** A model of this provider. */
    protected abstract String model();

    /** How this provider's "account out of credit" answer maps (Gemini cannot tell it from a rate limit). */
    protected abstract ErrorKind quotaExhaustedKind();

    @BeforeEach
    void startSimulator() throws IOException {
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withApiKey(format(), SECRET));
        registry = ProviderRegistry.create(List.of(config(sim.baseUrl(format()), SECRET)));
        provider = registry.get(ID);
    }

    @AfterEach
    void stopSimulator() {
        registry.close();
        sim.close();
    }

    private ProviderConfig config(URI baseUrl, String key) {
        return new ProviderConfig(ID, type(), baseUrl, ApiKey.of(key), Duration.ofSeconds(5), Map.of());
    }

    private ChatRequest request(String system, String user) {
        return new ChatRequest(model(), system, List.of(ChatMessage.user(user)), null, null, true, null,
                Duration.ofSeconds(30));
    }

    private void profile(ModelProfile.Builder profile) {
        sim.update(c -> c.withModel(model(), profile.build()));
    }

    private static void assertKeyNotRevealed(ProviderException e) {
        assertThat(e.getMessage()).doesNotContain(SECRET);
        assertThat(e.toString()).doesNotContain(SECRET);
        assertThat(e.rawBody()).doesNotContain(SECRET);
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(SECRET);
        }
    }

    @Test
    void shouldReturnContentAndUsage() {
        // when
        ChatResult result = success(provider.chat(request("Be brief.", "What is the capital of France?")));

        // then
        assertThat(result.provider()).isEqualTo(ID);
        assertThat(result.model()).isEqualTo(model());
        assertThat(result.content()).isEqualTo("Simulated answer from " + model() + " to: What is the capital of France?");
        assertThat(result.finishReason()).isEqualTo(ChatResult.STOP);
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.latency()).isPositive();
        // the simulator counts ceil(chars / 4): ("Be brief." + "\n" + question) is 40 characters
        assertThat(result.usage()).isEqualTo(new TokenUsage(10, (result.content().length() + 3) / 4, 0, 0));
    }

    @Test
    void shouldReportCachedInputOnSecondCallWithSameLongPrefix() {
        // given a 2,000-token system prompt
        ChatRequest request = request("policy ".repeat(1_143).substring(0, 8_000), "Apply the policy.");

        // when
        TokenUsage first = success(provider.chat(request)).usage();
        TokenUsage second = success(provider.chat(request)).usage();

        // then the second call reads the prefix from the cache, and input still counts every token
        assertThat(first.cachedInputTokens()).isZero();
        assertThat(second.cachedInputTokens()).isGreaterThanOrEqualTo(1_024).isLessThanOrEqualTo(2_000);
        assertThat(second.inputTokens()).isEqualTo(first.inputTokens()).isEqualTo(2_005);
        assertThat(second.uncachedInputTokens()).isEqualTo(2_005 - second.cachedInputTokens());
    }

    @Test
    void shouldReportTruncationWhenOutputLimitIsReached() {
        // given
        ChatRequest request = new ChatRequest(model(), null, List.of(ChatMessage.user("Write an essay")), 4, null,
                false, null, Duration.ofSeconds(30));

        // when
        ChatResult result = success(provider.chat(request));

        // then
        assertThat(result.truncated()).isTrue();
        assertThat(result.usage().outputTokens()).isEqualTo(4);
    }

    @Test
    void shouldMapRateLimitToRateLimitedWithRetryAfterAndRawBody() {
        // given
        profile(ModelProfile.builder().rateLimitRate(1).retryAfter(Duration.ofSeconds(9)));

        // when
        ProviderException e = failure(provider.chat(request("s", "u")));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(9));
        assertThat(e.rawBody()).startsWith("{").contains("error");
        assertThat(e.provider()).isEqualTo(ID);
        assertThat(e.model()).isEqualTo(model());
        assertThat(e.billed()).isFalse();
        assertKeyNotRevealed(e);
    }

    @Test
    void shouldMapOutageToUnavailable() {
        // given
        sim.outage(format().id(), Duration.ofMinutes(1));

        // when
        ProviderException e = failure(provider.chat(request("s", "u")));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(e.httpStatus()).isIn(503, 529);
        assertThat(e.rawBody()).isNotEmpty();
        assertKeyNotRevealed(e);
    }

    @Test
    void shouldMapServerErrorToUnavailable() {
        // given
        profile(ModelProfile.builder().errorRate(1));

        // when
        ProviderException e = failure(provider.chat(request("s", "u")));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(e.httpStatus()).isEqualTo(500);
    }

    @Test
    void shouldMapWrongKeyToAuthWithoutRevealingEitherKey() throws Exception {
        // given a provider configured with a key the simulator does not accept
        String wrong = "sk-wrong-0a1b2c3d4e5f";
        try (ProviderRegistry wrongKey = ProviderRegistry.create(List.of(config(sim.baseUrl(format()), wrong)))) {

            // when
            ProviderException e = failure(wrongKey.get(ID).chat(request("s", "u")));

            // then
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(SECRET);
            assertThat(e.rawBody()).doesNotContain(wrong);
            assertThat(ApiKey.of(wrong).toString()).isEqualTo("ApiKey[***]");
        }
    }

    @Test
    void shouldMapOversizedPromptToContextTooLong() {
        // given
        profile(ModelProfile.builder().contextWindow(50));

        // when
        ProviderException e = failure(provider.chat(request("s", "x".repeat(400))));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_TOO_LONG);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.retryable()).isFalse();
        assertKeyNotRevealed(e);
    }

    @Test
    void shouldMapExhaustedQuota() {
        // given
        profile(ModelProfile.builder().quotaExhausted(true));

        // when
        ProviderException e = failure(provider.chat(request("s", "u")));

        // then
        assertThat(e.kind()).isEqualTo(quotaExhaustedKind());
        assertThat(e.billed()).isFalse();
    }

    @Test
    void shouldMapSlowAnswerToTimeout() {
        // given a model slower than the request's deadline
        profile(ModelProfile.builder().latency(Latency.fixed(Duration.ofSeconds(5))));
        ChatRequest request = new ChatRequest(model(), null, List.of(ChatMessage.user("u")), null, null, false,
                null, Duration.ofMillis(300));

        // when
        ProviderException e = failure(provider.chat(request));

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(e.httpStatus()).isZero();
        assertThat(e.retryable()).isTrue();
        assertKeyNotRevealed(e);
    }

    @Test
    void shouldMapRefusalToContentRefusedAndBillIt() {
        // given
        profile(ModelProfile.builder().refusalRate(1));

        // when
        ProviderException e = failure(provider.chat(request("s", "something forbidden")));

        // then the provider metered the prompt, so the failed attempt is billed
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_REFUSED);
        assertThat(e.httpStatus()).isEqualTo(200);
        assertThat(e.billed()).isTrue();
        assertThat(e.billedUsage()).hasValueSatisfying(u -> assertThat(u.inputTokens()).isPositive());
        assertKeyNotRevealed(e);
    }

    @Test
    void shouldMapRefusedConnectionToNetwork() throws IOException {
        // given a port on which nothing listens any more
        URI deadUrl;
        try (ProviderSimulator gone = ProviderSimulator.start(SimulatorConfig.defaults())) {
            deadUrl = gone.baseUrl(format());
        }
        try (ProviderRegistry dead = ProviderRegistry.create(List.of(config(deadUrl, SECRET)))) {

            // when
            ProviderException e = failure(dead.get(ID).chat(request("s", "u")));

            // then
            assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
            assertThat(e.httpStatus()).isZero();
            assertKeyNotRevealed(e);
        }
    }

    @Test
    void shouldCompleteWithUnwrappedProviderExceptionInsteadOfThrowing() {
        // when
        CompletableFuture<ChatResult> call = provider.chat(null);

        // then
        Throwable seen = call.handle((result, error) -> error).join();
        assertThat(seen).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) seen).kind()).isEqualTo(ErrorKind.BAD_REQUEST);
    }

    @Test
    void shouldServeHundredsOfConcurrentSlowCalls() {
        // given
        profile(ModelProfile.builder().latency(Latency.fixed(Duration.ofMillis(500))));

        // when
        List<CompletableFuture<ChatResult>> calls = IntStream.range(0, 500)
                .mapToObj(i -> provider.chat(request("s", "question " + i)))
                .toList();

        // then
        assertThat(calls).allSatisfy(call -> assertThat(success(call).httpStatus()).isEqualTo(200));
        assertThat(sim.stats().peakInFlight()).isGreaterThan(1);
    }
}
