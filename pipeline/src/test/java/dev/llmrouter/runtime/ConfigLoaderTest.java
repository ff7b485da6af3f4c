package dev.llmrouter.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.classify.ClassifyConfig;
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
        assertThat(config.classify().cacheSize()).isEqualTo(10_000);
        assertThat(config.providers()).extracting(p -> p.id()).containsExactly("openai", "anthropic", "gemini", "deepseek", "mistral");
        assertThat(config.providers().getFirst().apiKey().reveal()).isEqualTo("sk-test-1234");
        assertThat(config.providers().getFirst().toString()).doesNotContain("sk-test-1234");
        assertThat(config.ingress().enabled()).isTrue();
        assertThat(config.ingress().port()).isEqualTo(8000);
        assertThat(config.ingress().apiKeys()).isEmpty();
        assertThat(config.http()).isEqualTo(new dev.llmrouter.http.HttpSettings(true, "0.0.0.0", 8080, "localhost"));
    }

    @Test
    void shouldTurnTheClassificationCacheOffWithSizeZeroAndKeepItByDefault() throws Exception {
        String base = """
                kafka:
                  bootstrap.servers: b:9092
                serde:
                  schema.registry.url: http://r:8081
                """;

        PipelineConfig off = ConfigLoader.load(write(base + "classify:\n  cache-size: 0\n"), Map.<String, String>of()::get);
        PipelineConfig absent = ConfigLoader.load(write(base), Map.<String, String>of()::get);

        assertThat(off.classify().cacheSize()).isZero();
        assertThat(absent.classify().cacheSize()).isEqualTo(ClassifyConfig.DEFAULT_CACHE_SIZE);
    }

    @Test
    void shouldReadTheHttpServerSettingsAndDefaultThemWhenAbsent() throws Exception {
        Path file = write("""
                kafka:
                  bootstrap.servers: b:9092
                serde:
                  schema.registry.url: http://r:8081
                http:
                  port: ${PORT}
                  advertised-host: pipeline-2.internal
                """);

        PipelineConfig config = ConfigLoader.load(file, Map.of("PORT", "9464")::get);

        assertThat(config.http().port()).isEqualTo(9464);
        assertThat(config.http().advertisedHost()).isEqualTo("pipeline-2.internal");
        assertThat(config.http().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.http().enabled()).isTrue();
    }

    @Test
    void shouldReadIngressSettingsAndItsApiKeysFromAVariableAndAFile() throws Exception {
        Files.writeString(dir.resolve("ingress-keys"), "key-from-file-1\n\nkey-from-file-2\n");
        Path file = write("""
                kafka:
                  bootstrap.servers: b:9092
                serde:
                  schema.registry.url: http://r:8081
                ingress:
                  host: 127.0.0.1
                  port: ${INGRESS_PORT:-8080}
                  max-request-bytes: 2048
                  request-timeout: 30s
                  max-pending: 100
                  default-user: guest
                  api-keys-env: ROUTER_KEYS
                  api-keys-file: ingress-keys
                """);

        PipelineConfig config = ConfigLoader.load(file, Map.of("INGRESS_PORT", "9999", "ROUTER_KEYS", "k1, k2")::get);

        assertThat(config.ingress().enabled()).isTrue();
        assertThat(config.ingress().host()).isEqualTo("127.0.0.1");
        assertThat(config.ingress().port()).isEqualTo(9999);
        assertThat(config.ingress().maxRequestBytes()).isEqualTo(2048);
        assertThat(config.ingress().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.ingress().maxPending()).isEqualTo(100);
        assertThat(config.ingress().defaultUser()).isEqualTo("guest");
        assertThat(config.ingress().apiKeys()).extracting(k -> k.reveal()).containsExactly("k1", "k2", "key-from-file-1", "key-from-file-2");
        assertThat(config.ingress().toString()).doesNotContain("k1", "key-from-file");
    }

    @Test
    void shouldCommitEvery20MsUnderEitherGuaranteeUnlessConfigured() throws Exception {
        // given configurations that name a guarantee but no commit interval, and one that sets it
        String base = """
                kafka:
                  bootstrap.servers: b:9092
                serde:
                  schema.registry.url: http://r:8081
                streams:
                  processing-guarantee: %s
                """;
        Path exactlyOnce = write(base.formatted("exactly_once_v2"));
        Path atLeastOnce = dir.resolve("alos.yaml");
        Files.writeString(atLeastOnce, base.formatted("at_least_once"));
        Path configured = dir.resolve("configured.yaml");
        Files.writeString(configured, base.formatted("exactly_once_v2") + "  commit-interval-ms: 250\n");

        // when loading them, then each gets the default, or the configured interval
        assertThat(ConfigLoader.load(exactlyOnce, name -> null).streams().commitIntervalMs()).isEqualTo(20);
        assertThat(ConfigLoader.load(atLeastOnce, name -> null).streams().commitIntervalMs()).isEqualTo(20);
        assertThat(ConfigLoader.load(configured, name -> null).streams().commitIntervalMs()).isEqualTo(250);
        assertThat(StreamsSettings.defaults(dir).withProcessingGuarantee("at_least_once").commitIntervalMs()).isEqualTo(20);
    }

    @Test
    void shouldLeaveTheIngressOffWithoutAnIngressSection() throws Exception {
        Path file = write("""
                kafka:
                  bootstrap.servers: b:9092
                serde:
                  schema.registry.url: http://r:8081
                """);

        assertThat(ConfigLoader.load(file, name -> null).ingress().enabled()).isFalse();
    }

    @Test
    void shouldLoadWithoutProvidersSoAPublisherNeedsNoApiKeys() throws Exception {
        Path file = write("""
                kafka:
                  bootstrap.servers: b:9092
                serde:
                  schema.registry.url: http://r:8081
                providers:
                  - {id: openai, type: openai, base-url: "https://api.openai.com/v1", api-key-env: LLM_ROUTER_TEST_UNSET_KEY}
                """);

        PipelineConfig config = ConfigLoader.loadWithoutProviders(file);

        assertThat(config.kafka()).containsEntry("bootstrap.servers", "b:9092");
        assertThat(config.providers()).isEmpty();
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
