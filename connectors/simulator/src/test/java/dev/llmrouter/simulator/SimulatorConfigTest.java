package dev.llmrouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorConfigTest {

    @Test
    void shouldLoadExampleYamlWithInheritedDefaults() throws IOException {
        // when
        SimulatorConfig config = SimulatorConfig.load(Path.of("simulator.example.yaml"));

        // then
        assertThat(config.port()).isEqualTo(8089);
        assertThat(config.apiKeys()).containsEntry("anthropic", "sk-ant-sim");
        assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        ModelProfile gpt4o = config.profile("gpt-4o");
        assertThat(gpt4o.maxConcurrent()).isEqualTo(500);
        assertThat(gpt4o.latency()).isEqualTo(Latency.logNormal(Duration.ofMillis(400), Duration.ofSeconds(2)));
        assertThat(gpt4o.perOutputToken()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.profile("gemini-2.5-flash").latency()).isEqualTo(Latency.fixed(Duration.ofMillis(300)));
        assertThat(config.profile("unknown-model")).isEqualTo(config.defaultProfile());
        assertThat(config.outages()).containsExactly(
                new OutageWindow("anthropic", Duration.ofSeconds(60), Duration.ofSeconds(30)));
    }

    @Test
    void shouldReadJsonWithMillisecondsAndIsoDurations(@TempDir Path dir) throws IOException {
        // given
        Path file = dir.resolve("sim.json");
        Files.writeString(file, "{\"cacheTtl\":\"PT10S\",\"defaultProfile\":{\"retryAfter\":1500}}");

        // when
        SimulatorConfig config = SimulatorConfig.load(file);

        // then
        assertThat(config.cacheTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.defaultProfile().retryAfter()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void shouldRejectUnknownFieldsAndFormats(@TempDir Path dir) throws IOException {
        // given
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "defaultProfile:\n  eror_rate: 0.1\n");
        Path format = dir.resolve("format.yaml");
        Files.writeString(format, "apiKeys:\n  cohere: k\n");

        // then
        assertThatThrownBy(() -> SimulatorConfig.load(typo)).hasMessageContaining("eror_rate");
        assertThatThrownBy(() -> SimulatorConfig.load(format)).hasMessageContaining("cohere");
    }

    @Test
    void shouldDrawLogNormalLatencyAroundItsMedian() {
        // given
        Latency latency = Latency.logNormal(Duration.ofMillis(100), Duration.ofMillis(1000));
        SplittableRandom random = new SplittableRandom(42);

        // when
        long below = IntStream.range(0, 10_000)
                .filter(i -> latency.sample(random).toMillis() < 100).count();

        // then about half fall below the median
        assertThat(below).isBetween(4_500L, 5_500L);
    }
}
