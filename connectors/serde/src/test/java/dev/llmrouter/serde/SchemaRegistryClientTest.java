package dev.llmrouter.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.CostEvent;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration and transport failures; behaviour against a real registry is in {@link SchemaRegistryClientIT}. */
class SchemaRegistryClientTest {

    @Test
    void shouldRequireTheRegistryUrl() {
        assertThatThrownBy(() -> SchemaRegistryClient.fromConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8081", "ftp://registry:21", "http://registry:8081?x=1", "not a url"})
    void shouldRejectUrlsThatAreNotHttpBaseUrls(String url) {
        assertThatThrownBy(() -> SchemaRegistryClient.create(url))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldRejectCredentialsInTheUrlWithoutRepeatingThem() {
        assertThatThrownBy(() -> SchemaRegistryClient.create("http://alice:s3cret@registry:8081"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void shouldRejectMalformedUserInfoWithoutRepeatingIt() {
        Map<String, String> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "s3cret-token");

        assertThatThrownBy(() -> SchemaRegistryClient.fromConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("s3cret-token");
    }

    @Test
    void shouldRejectCredentialSourcesOtherThanUserInfo() {
        Map<String, String> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT");

        assertThatThrownBy(() -> SchemaRegistryClient.fromConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("USER_INFO");
    }

    @Test
    void shouldNotShowCredentialsWhenPrinted() {
        Map<String, String> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081/apis/ccompat/v7/",
                "schema.registry." + AvroSerdeConfig.BASIC_AUTH_USER_INFO, "alice:s3cret");

        try (SchemaRegistryClient client = SchemaRegistryClient.fromConfig(config)) {
            assertThat(client.toString())
                    .isEqualTo("SchemaRegistryClient[http://registry:8081/apis/ccompat/v7]")
                    .doesNotContain("s3cret");
        }
    }

    @Test
    void shouldReportNoResponseWithMethodAndUrlWhenNothingListens() {
        String url = ClosedPort.url();
        try (SchemaRegistryClient client = SchemaRegistryClient.create(url + "/apis/ccompat/v7")) {

            assertThatThrownBy(() -> client.register("llm-cost-events-value", CostEvent.getClassSchema()))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
                        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NO_ERROR_CODE);
                        assertThat(e.url()).isEqualTo(url + "/apis/ccompat/v7/subjects/llm-cost-events-value/versions");
                        assertThat(e).hasMessageStartingWith("POST " + e.url() + " failed: no response");
                    });
        }
    }

    @Test
    void shouldRejectNonPositiveTimeouts() {
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081",
                AvroSerdeConfig.HTTP_READ_TIMEOUT_MS, 0);

        assertThatThrownBy(() -> SchemaRegistryClient.fromConfig(config)).isInstanceOf(ConfigException.class);
    }
}
