package dev.llmrouter.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadTheShippedExampleWithEnvironmentOverrides() throws Exception {
        Path example = Path.of("..", "config", "pipeline.yaml");
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker-1:9093", "OPENAI_API_KEY", "sk-test-1234",
                "ANTHROPIC_API_KEY", "a", "GEMINI_API_KEY", "g", "DEEPSEEK_API_KEY", "d", "MISTRAL_API_KEY", "m");

        PipelineConfig config = ConfigLoader.load(example, env::get);

        assertThat(config.kafka()).containsEntry("bootstrap.servers", "broker-1:9093");
        assertThat(config.serde()).containsEntry("schema.registry.url", "http://localhost:8081/apis/ccompat/v7");
        assertThat(config.streams().processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.worker().attemptTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.classify().maxRecordBytes()).isEqualTo(1_048_576);
        assertThat(config.providers()).extracting(p -> p.id()).containsExactly("openai", "anthropic", "gemini", "deepseek", "mistral");
        assertThat(config.providers().getFirst().apiKey().reveal()).isEqualTo("sk-test-1234");
        assertThat(config.providers().getFirst().toString()).doesNotContain("sk-test-1234");
    }

    @Test
    void shouldPassKafkaSecuritySettingsThroughUnchanged() throws Exception {
        Path file = write("""
                kafka:
                  bootstrap.servers: b:9092
                  security.protocol: SASL_SSL
                  sasl.mechanism: SCRAM-SHA-512
                serde:
                  schema.registry.url: http://r:8081
                """);

        PipelineConfig config = ConfigLoader.load(file, name -> null);

        assertThat(config.kafka()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(config.workers()).isEqualTo(1);
        assertThat(config.policyFile()).isNull();
    }

    @Test
    void shouldNameAMissingVariableWithoutADefault() throws Exception {
        Path file = write("""
                kafka:
                  bootstrap.servers: ${BROKERS}
                serde:
                  schema.registry.url: http://r:8081
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file, name -> null))
                .hasMessageContaining("environment variable BROKERS is not set and has no default");
    }

    @Test
    void shouldRequireTheApiKeyVariableAProviderNames() throws Exception {
        Path file = write("""
                kafka: {bootstrap.servers: b:9092}
                serde: {schema.registry.url: http://r:8081}
                providers:
                  - {id: openai, type: openai, base-url: https://api.openai.com/v1, api-key-env: OPENAI_API_KEY}
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file, name -> null))
                .hasMessageContaining("environment variable OPENAI_API_KEY (API key of provider openai) is not set");
    }

    @Test
    void shouldReadDurationsAsPeopleWriteThem() {
        assertThat(Durations.parse("250ms", "t")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("5m", "t")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("PT2S", "t")).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> Durations.parse("soon", "t")).hasMessageContaining("'soon' is not a duration");
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
