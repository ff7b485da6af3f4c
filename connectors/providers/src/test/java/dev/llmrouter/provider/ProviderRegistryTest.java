package dev.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    private static ProviderConfig config(String id, String type) {
        return ProviderConfig.of(id, type, URI.create("http://127.0.0.1:9/v1"), ApiKey.of("k"));
    }

    @Test
    void shouldRegisterEveryTypeById() {
        // when
        try (ProviderRegistry registry = ProviderRegistry.create(List.of(config("openai", "openai"),
                config("deepseek", "openai"), config("anthropic", "anthropic"), config("gemini", "gemini")))) {

            // then
            assertThat(registry.ids()).containsExactly("openai", "deepseek", "anthropic", "gemini");
            assertThat(registry.get("deepseek").id()).isEqualTo("deepseek");
            assertThat(registry.find("mistral")).isEmpty();
        }
    }

    @Test
    void shouldListKnownIdsForUnknownId() {
        try (ProviderRegistry registry = ProviderRegistry.create(List.of(config("openai", "openai")))) {
            assertThatThrownBy(() -> registry.get("cohere"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cohere").hasMessageContaining("[openai]");
        }
    }

    @Test
    void shouldListKnownTypesForUnknownType() {
        assertThatThrownBy(() -> ProviderRegistry.create(List.of(config("x", "bedrock"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bedrock").hasMessageContaining("[anthropic, gemini, openai]");
    }

    @Test
    void shouldRejectDuplicateIds() {
        assertThatThrownBy(() -> ProviderRegistry.create(List.of(config("a", "openai"), config("a", "gemini"))))
                .hasMessageContaining("'a' is configured twice");
    }

    @Test
    void shouldHoldReadyMadeProviders() {
        // given
        LlmProvider fake = new LlmProvider() {
            @Override
            public String id() {
                return "fake";
            }

            @Override
            public CompletableFuture<ChatResult> chat(ChatRequest request) {
                return CompletableFuture.failedFuture(
                        new ProviderException("fake", request.model(), ErrorKind.UNAVAILABLE, "always down"));
            }
        };

        // when
        try (ProviderRegistry registry = ProviderRegistry.of(List.of(fake))) {

            // then
            assertThat(registry.get("fake")).isSameAs(fake);
        }
    }
}
