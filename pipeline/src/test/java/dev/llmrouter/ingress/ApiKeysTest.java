package dev.llmrouter.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.provider.ApiKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void shouldAcceptAnyRequestWhenNoKeysAreConfigured() {
        ApiKeys open = new ApiKeys(List.of());

        assertThat(open.required()).isFalse();
        assertThat(open.accepts(null)).isTrue();
    }

    @Test
    void shouldAcceptOnlyAConfiguredBearerKey() {
        ApiKeys keys = new ApiKeys(List.of(ApiKey.of("key-one"), ApiKey.of("key-two")));

        assertThat(keys.accepts("Bearer key-two")).isTrue();
        assertThat(keys.accepts("bearer key-one")).isTrue();
        assertThat(keys.accepts("Bearer key-three")).isFalse();
        assertThat(keys.accepts("key-one")).isFalse();
        assertThat(keys.accepts("Bearer ")).isFalse();
        assertThat(keys.accepts(null)).isFalse();
    }
}
