package dev.llmrouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiTest {

    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer any");
    private static final String CHAT_BODY = SimClient.json(Map.of("model", "gpt-4o",
            "messages", List.of(Map.of("role", "user", "content", "hi"))));
    private ProviderSimulator sim;

    @BeforeEach
    void start() throws IOException {
        sim = ProviderSimulator.start(SimulatorConfig.defaults());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private URI admin(String path) {
        return URI.create(sim.baseUrl() + "/admin/" + path);
    }

    private SimClient.Response chat() {
        return SimClient.post(URI.create(sim.baseUrl(WireFormat.OPENAI) + "/chat/completions"), AUTH, CHAT_BODY);
    }

    @Test
    void shouldScheduleAndClearOutagesOverHttp() {
        // when an outage of the whole OpenAI format is posted
        SimClient.Response posted = SimClient.send("POST", admin("outages"),
                "{\"target\":\"openai\",\"duration\":\"1m\"}");

        // then chat requests fail until the outages are cleared
        assertThat(posted.status()).isEqualTo(201);
        assertThat(posted.json().get(0).path("target").asText()).isEqualTo("openai");
        assertThat(chat().status()).isEqualTo(503);
        assertThat(SimClient.send("DELETE", admin("outages"), null).status()).isEqualTo(204);
        assertThat(chat().status()).isEqualTo(200);
    }

    @Test
    void shouldReplaceConfigOverHttpAndKeepThePort() {
        // given
        String config = "{\"defaultProfile\":{\"errorRate\":1.0},\"models\":{\"gpt-4o\":{\"answerTokens\":5}}}";

        // when
        SimClient.Response put = SimClient.send("PUT", admin("config"), config);

        // then the model inherits the default's error rate, and the server still listens where it did
        assertThat(put.status()).isEqualTo(200);
        assertThat(sim.config().profile("gpt-4o").errorRate()).isEqualTo(1.0);
        assertThat(sim.config().profile("gpt-4o").answerTokens()).isEqualTo(5);
        assertThat(sim.config().port()).isZero();
        assertThat(chat().status()).isEqualTo(500);
        JsonNode got = SimClient.get(admin("config"), Map.of()).json();
        assertThat(got.path("models").path("gpt-4o").path("answerTokens").asInt()).isEqualTo(5);
        assertThat(got.path("cacheTtl").asText()).isEqualTo("300s");
        assertThat(SimClient.send("PUT", admin("config"), got.toString()).status()).isEqualTo(200);
        assertThat(sim.config().profile("gpt-4o")).isEqualTo(ModelProfile.builder().errorRate(1).answerTokens(5).build());
    }

    @Test
    void shouldRejectInvalidConfigWithReason() {
        // when
        SimClient.Response put = SimClient.send("PUT", admin("config"), "{\"defaultProfile\":{\"errorRate\":2}}");

        // then
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.json().path("error").asText()).contains("errorRate");
    }

    @Test
    void shouldCountRequestsPerModelFormatAndStatus() {
        // given
        chat();
        chat();

        // when
        JsonNode stats = SimClient.get(admin("stats"), Map.of()).json();

        // then
        assertThat(stats.path("requestsByModel").path("gpt-4o").asLong()).isEqualTo(2);
        assertThat(stats.path("requestsByFormat").path("openai").asLong()).isEqualTo(2);
        assertThat(stats.path("responsesByStatus").path("200").asLong()).isEqualTo(2);
        assertThat(SimClient.send("DELETE", admin("stats"), null).status()).isEqualTo(204);
        assertThat(sim.stats().requests("gpt-4o")).isZero();
    }
}
