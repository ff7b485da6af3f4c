package dev.llmrouter.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.worker.WorkerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void shouldLingerBrieflyUnderEitherGuarantee() {
        // given the shipped settings, with either guarantee
        Properties exactlyOnce = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9092"), "exactly_once_v2", 20));
        Properties atLeastOnce = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9092"), "at_least_once", 20));

        // then the producer's batches wait a few milliseconds, not Streams' 100
        assertThat(exactlyOnce).containsEntry("producer.linger.ms", StreamsApp.LINGER_MS);
        assertThat(atLeastOnce).containsEntry("producer.linger.ms", StreamsApp.LINGER_MS);
    }

    @Test
    void shouldKeepTheConfiguredLinger() {
        // given a configuration that sets the producers' linger itself
        Properties plain = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9092", "linger.ms", "50"), "exactly_once_v2", 20));
        Properties prefixed = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9092", "producer.linger.ms", "0"), "exactly_once_v2", 20));

        // then it stands
        assertThat(plain).containsEntry("linger.ms", "50").doesNotContainKey("producer.linger.ms");
        assertThat(prefixed).containsEntry("producer.linger.ms", "0");
    }

    @Test
    void shouldPassSecuritySettingsToTheStreamsClients() {
        Properties props = StreamsApp.properties(config(Map.of("bootstrap.servers", "b:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512")));

        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void shouldCreateTheStreamsApplicationWithItsOwnClientsUnderEitherGuarantee(@TempDir Path state) {
        for (String guarantee : List.of("exactly_once_v2", "at_least_once")) {
            // given a topology and the settings of either guarantee
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("in").to("out");
            StreamsSettings settings = new StreamsSettings("llm-router", guarantee, state.resolve(guarantee), 20, 1);

            PipelineConfig config = config(Map.of("bootstrap.servers", "127.0.0.1:1"), settings);

            // when the application is created and closed, then Kafka Streams got every client it asked the supplier for
            assertThatCode(() -> new StreamsApp(builder.build(), config).close()).doesNotThrowAnyException();
        }
    }

    private static PipelineConfig config(Map<String, Object> kafka) {
        return config(kafka, StreamsSettings.defaults(Path.of("state")));
    }

    private static PipelineConfig config(Map<String, Object> kafka, String guarantee, long commitIntervalMs) {
        return config(kafka, new StreamsSettings("llm-router", guarantee, Path.of("state"), commitIntervalMs, 1));
    }

    private static PipelineConfig config(Map<String, Object> kafka, StreamsSettings streams) {
        return new PipelineConfig(kafka, Map.of("schema.registry.url", "http://r"), 2, (short) 1,
                streams, ClassifyConfig.defaults(), WorkerConfig.defaults(), 0, List.of(), null, null);
    }
}
