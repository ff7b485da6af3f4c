package dev.llmrouter.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SchemaRegistryExtension.class)
class RecentDecisionsStageTest {

    private static final Instant T0 = Instant.parse("2026-03-10T10:15:00Z");

    @Test
    void shouldKeepOnlyTheNewestDecisions(SchemaRegistryProcess registry) {
        Topics topics = new Topics(1, Map.of("schema.registry.url", registry.url()));

        try (TopologyTestDriver driver = driver(topics, "recent-test")) {
            TestInputTopic<String, LlmResponse> responses = input(driver, topics);
            for (int i = 1; i <= 5; i++) {
                responses.pipeInput("ada", Decisions.response("r" + i, null, T0.plusSeconds(i)), T0.plusSeconds(i));
            }

            driver.advanceWallClockTime(RecentDecisionsStage.FLUSH_INTERVAL);

            assertThat(requestIds(driver)).containsExactlyInAnyOrder("r3", "r4", "r5");
        }
    }

    @Test
    void shouldWriteEachSlotsNewestDecisionOncePerFlushInterval(SchemaRegistryProcess registry) {
        // given a ring of three slots
        Topics topics = new Topics(1, Map.of("schema.registry.url", registry.url()));
        try (TopologyTestDriver driver = driver(topics, "recent-flush-test")) {
            TestInputTopic<String, LlmResponse> responses = input(driver, topics);

            // when four decisions arrive within one interval, then they wait for the flush
            for (int i = 1; i <= 4; i++) {
                responses.pipeInput("ada", Decisions.response("r" + i, null, T0.plusSeconds(i)), T0.plusSeconds(i));
            }
            assertThat(requestIds(driver)).isEmpty();

            // when the interval passes, then each slot holds its newest: r4 took r1's slot
            driver.advanceWallClockTime(RecentDecisionsStage.FLUSH_INTERVAL);
            assertThat(requestIds(driver)).containsExactlyInAnyOrder("r2", "r3", "r4");

            // when one more arrives, then it shows after the next interval
            responses.pipeInput("ada", Decisions.response("r5", null, T0.plusSeconds(5)), T0.plusSeconds(5));
            assertThat(requestIds(driver)).containsExactlyInAnyOrder("r2", "r3", "r4");
            driver.advanceWallClockTime(RecentDecisionsStage.FLUSH_INTERVAL);
            assertThat(requestIds(driver)).containsExactlyInAnyOrder("r3", "r4", "r5");
        }
    }

    @Test
    void shouldKeepEveryFieldButTheAnswerTextWithoutChangingTheResponse() {
        LlmResponse response = Decisions.response("r1", "the secret answer", T0);

        LlmResponse kept = RecentDecisionsStage.withoutContent(response);

        assertThat(kept.getContent()).isNull();
        assertThat(response.getContent()).isEqualTo("the secret answer");
        response.setContent(null);
        assertThat(kept).isEqualTo(response);
    }

    @Test
    void shouldContinueAfterTheNewestSlotWhenStartingOnAFilledRing() {
        // Slots 0..2 hold r4, r5, r3: r5 (slot 1) is the newest, so slot 2 (r3, the oldest) is overwritten next.
        List<KeyValue<Integer, LlmResponse>> ring = List.of(
                KeyValue.pair(0, Decisions.response("r4", null, T0.plusSeconds(4))),
                KeyValue.pair(1, Decisions.response("r5", null, T0.plusSeconds(5))),
                KeyValue.pair(2, Decisions.response("r3", null, T0.plusSeconds(3))));

        assertThat(RecentDecisionsStage.nextSlot(ring.iterator(), 3)).isEqualTo(2);
        assertThat(RecentDecisionsStage.nextSlot(ring.subList(0, 2).iterator(), 3)).isEqualTo(2);
        assertThat(RecentDecisionsStage.nextSlot(List.<KeyValue<Integer, LlmResponse>>of().iterator(), 3)).isZero();
        // A ring that shrank: slots beyond the capacity are ignored.
        assertThat(RecentDecisionsStage.nextSlot(ring.iterator(), 2)).isEqualTo(0);
    }

    /** The stage with a ring of three slots. */
    private static TopologyTestDriver driver(Topics topics, String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        StreamsBuilder builder = new StreamsBuilder();
        new RecentDecisionsStage(topics, 3).addTo(builder);
        return new TopologyTestDriver(builder.build(), props);
    }

    private static TestInputTopic<String, LlmResponse> input(TopologyTestDriver driver, Topics topics) {
        return driver.createInputTopic(Topics.RESPONSES, Serdes.String().serializer(), topics.responses().valueSerde().serializer());
    }

    private static List<String> requestIds(TopologyTestDriver driver) {
        KeyValueStore<Integer, LlmResponse> store = driver.getKeyValueStore(RecentDecisionsStage.STORE);
        List<String> ids = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(slot -> ids.add(slot.value.getRequestId()));
        }
        return ids;
    }
}
