package dev.llmrouter.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.worker.WorkerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsAppTest {

    @Test
    void shouldShortenTheConsumersFetchWaitUnlessTheConfigurationSetsIt() {
        Properties defaults = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9092")));
        Properties configured = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9092", "fetch.max.wait.ms", "200")));

        assertThat(defaults).containsEntry("consumer.fetch.max.wait.ms", StreamsApp.FETCH_MAX_WAIT_MS);
        assertThat(configured).doesNotContainKey("consumer.fetch.max.wait.ms").containsEntry("fetch.max.wait.ms", "200");
    }

    @Test
    void shouldNotIdleTasksForEmptyPartitionsUnlessTheConfigurationSaysSo() {
        Properties defaults = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9092")));
        Properties configured = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9092", "max.task.idle.ms", "100")));

        assertThat(defaults).containsEntry("max.task.idle.ms", -1L);
        assertThat(configured).containsEntry("max.task.idle.ms", "100");
    }

    @Test
    void shouldPollBrieflySoThatCommitsAreNotHeldBackByAnIdlePoll() {
        Properties defaults = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9092")));
        Properties configured = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9092", "poll.ms", "50")));

        assertThat(defaults).containsEntry("poll.ms", StreamsApp.POLL_MS);
        assertThat(configured).containsEntry("poll.ms", "50");
    }

    @Test
    void shouldPassSecuritySettingsToTheStreamsClients() {
        Properties props = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512")));

        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    private static PipelineConfig config(Map<String, Object> kafka) {
        return new PipelineConfig(kafka, Map.of("schema.registry.url", "http://r"), 2, (short) 1,
                StreamsSettings.defaults(Path.of("state")), ClassifyConfig.defaults(), WorkerConfig.defaults(), 0, List.of(), null, null);
    }
}
