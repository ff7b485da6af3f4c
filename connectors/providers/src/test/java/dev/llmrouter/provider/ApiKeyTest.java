package dev.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyTest {

    @Test
    void shouldNeverPrintTheSecret() {
        // given
        ApiKey key = ApiKey.of("sk-live-abcdef");
        ProviderConfig config = ProviderConfig.of("openai", "openai", URI.create("https://api.openai.com/v1"), key);

        // then
        assertThat(key.toString()).isEqualTo("ApiKey[***]");
        assertThat(config.toString()).doesNotContain("sk-live-abcdef").contains("ApiKey[***]");
        assertThat(key.reveal()).isEqualTo("sk-live-abcdef");
    }

    @Test
    void shouldReadTrimmedKeyFromFile(@TempDir Path dir) throws IOException {
        // given
        Path file = dir.resolve("key");
        Files.writeString(file, "  sk-from-file\n");

        // then
        assertThat(ApiKey.fromFile(file).reveal()).isEqualTo("sk-from-file");
    }

    @Test
    void shouldNameTheVariableWhenEnvironmentHasNoKey() {
        assertThatThrownBy(() -> ApiKey.fromEnv("LLM_ROUTER_TEST_SURELY_UNSET_KEY"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LLM_ROUTER_TEST_SURELY_UNSET_KEY");
    }

    @Test
    void shouldRedactEveryOccurrence() {
        assertThat(ApiKey.of("sk-1").redact("key sk-1 and sk-1")).isEqualTo("key *** and ***");
    }
}
