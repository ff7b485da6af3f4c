package dev.llmrouter.provider;

import static dev.llmrouter.provider.Outcomes.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.simulator.WireFormat;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest extends ProviderContractTest {

    @Override
    protected WireFormat format() {
        return WireFormat.ANTHROPIC;
    }

    @Override
    protected String type() {
        return "anthropic";
    }

    @Override
    protected String model() {
        return "claude-haiku-4-5";
    }

    @Override
    protected ErrorKind quotaExhaustedKind() {
        return ErrorKind.OUT_OF_CREDIT;
    }

    @Test
    void shouldReportCacheWriteThenReadWithInputIncludingBoth() throws Exception {
        // given a long system prompt the caller asks to cache
        try (ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults());
             ProviderRegistry registry = ProviderRegistry.create(List.of(
                     ProviderConfig.of("anthropic", "anthropic", sim.baseUrl(WireFormat.ANTHROPIC), ApiKey.of("k"))))) {
            ChatRequest request = new ChatRequest("claude-sonnet-4-5", "r".repeat(6_000),
                    List.of(ChatMessage.user("Summarise")), 200, null, true, null, Duration.ofSeconds(30));
            LlmProvider anthropic = registry.get("anthropic");

            // when
            TokenUsage first = success(anthropic.chat(request)).usage();
            TokenUsage second = success(anthropic.chat(request)).usage();

            // then
            assertThat(first).isEqualTo(new TokenUsage(1_503, first.outputTokens(), 0, 1_500));
            assertThat(second).isEqualTo(new TokenUsage(1_503, second.outputTokens(), 1_500, 0));
        }
    }

    @Test
    void shouldNotCacheWhenCallerDoesNotAsk() throws Exception {
        // given
        try (ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults());
             ProviderRegistry registry = ProviderRegistry.create(List.of(
                     ProviderConfig.of("anthropic", "anthropic", sim.baseUrl(WireFormat.ANTHROPIC), ApiKey.of("k"))))) {
            ChatRequest request = new ChatRequest("claude-sonnet-4-5", "r".repeat(6_000),
                    List.of(ChatMessage.user("Summarise")), null, null, false, null, null);

            // when
            success(registry.get("anthropic").chat(request));
            TokenUsage second = success(registry.get("anthropic").chat(request)).usage();

            // then
            assertThat(second.cachedInputTokens()).isZero();
            assertThat(second.cacheWriteTokens()).isZero();
        }
    }
}
