package dev.llmrouter.provider;

import static dev.llmrouter.provider.Outcomes.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.simulator.WireFormat;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest extends ProviderContractTest {

    @Override
    protected WireFormat format() {
        return WireFormat.OPENAI;
    }

    @Override
    protected String type() {
        return "openai";
    }

    @Override
    protected String model() {
        return "gpt-4o-mini";
    }

    @Override
    protected ErrorKind quotaExhaustedKind() {
        return ErrorKind.OUT_OF_CREDIT;
    }

    @Test
    void shouldAskForJsonObjectWhenJsonIsRequested() throws Exception {
        // given
        try (ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults());
             ProviderRegistry registry = ProviderRegistry.create(List.of(
                     ProviderConfig.of("sim-openai", "openai", sim.baseUrl(WireFormat.OPENAI), ApiKey.of("k"))))) {
            ChatRequest request = new ChatRequest("gpt-4o", null, List.of(ChatMessage.user("List colours as JSON")),
                    null, 0.2, false, "json", Duration.ofSeconds(30));

            // when
            ChatResult result = success(registry.get("sim-openai").chat(request));

            // then
            assertThat(new ObjectMapper().readTree(result.content()).path("answer").asText())
                    .contains("List colours as JSON");
        }
    }
}
