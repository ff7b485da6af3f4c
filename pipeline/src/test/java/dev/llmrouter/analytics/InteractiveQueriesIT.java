package dev.llmrouter.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.demo.EmbeddedStack;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.http.HttpSettings;
import dev.llmrouter.http.WebResponse;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.runtime.StreamsSettings;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.support.Answers;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.WorkerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the Streams application share the partitions; each answers spend and budget
 * queries for every key, forwarding to the instance that holds it, and merges the answers about all keys.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class InteractiveQueriesIT {

    private static final int PARTITIONS = 4;
    private static final int USERS = 16;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void shouldAnswerForEveryKeyFromEitherInstanceByRoutingToTheOwner(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                       @TempDir Path stateA, @TempDir Path stateB) throws Exception {
        PipelineConfig config = new PipelineConfig(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                Map.of("schema.registry.url", registry.url()),
                PARTITIONS, (short) 1, StreamsSettings.defaults(stateA).withProcessingGuarantee("at_least_once"), ClassifyConfig.defaults(),
                WorkerConfig.defaults(), 0, EmbeddedStack.simulatedProviders(format -> URI.create("http://127.0.0.1:9")), null, null)
                .withHttp(HttpSettings.loopback(0));
        try (Pipeline a = Pipeline.start(config);
             Pipeline b = Pipeline.start(config.withStreams(new StreamsSettings("llm-router", "at_least_once", stateB, 100, 1)))) {
            String addressA = "127.0.0.1:" + a.web().orElseThrow().port();
            String addressB = "127.0.0.1:" + b.web().orElseThrow().port();

            Map<String, Long> expectedByUser = new LinkedHashMap<>();
            Set<Integer> partitions = new HashSet<>();
            Instant now = Instant.now();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                    a.topics().responses().keySerde().serializer(), a.topics().responses().valueSerde().serializer())) {
                for (int i = 0; i < USERS; i++) {
                    String user = "user-" + i;
                    partitions.add(Utils.toPositive(Utils.murmur2(user.getBytes())) % PARTITIONS);
                    List<Attempt> calls = new ArrayList<>();
                    for (int call = 1; call <= 2; call++) {
                        long cost = 1_000L * (i + 1) * call;
                        calls.add(Answers.call(call, "openai", i % 2 == 0 ? "gpt-5-mini" : "gpt-5", 100, 50, 0, cost, now));
                        expectedByUser.merge(user, cost, Long::sum);
                    }
                    // Answered twice, as a redelivered dispatch may be: counted once.
                    LlmResponse answer = Answers.of(user + "-request", user, now, calls.toArray(Attempt[]::new)).build();
                    producer.send(new ProducerRecord<>(Topics.RESPONSES, user, answer));
                    producer.send(new ProducerRecord<>(Topics.RESPONSES, user, answer));
                }
            }
            assertThat(partitions).as("the users cover every partition, so both instances hold some").hasSize(PARTITIONS);
            long expectedTotal = expectedByUser.values().stream().mapToLong(Long::longValue).sum();

            // Every user's spend, asked of instance A: the keys B holds are answered by B.
            Set<String> servedBy = new HashSet<>();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                servedBy.clear();
                for (Map.Entry<String, Long> user : expectedByUser.entrySet()) {
                    HttpResponse<String> response = get(addressA, "/api/spend?window=day&user=" + user.getKey());
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    JsonNode body = WebResponse.MAPPER.readTree(response.body());
                    assertThat(body.path("total").path("costMicros").asLong()).as(user.getKey()).isEqualTo(user.getValue());
                    assertThat(body.path("total").path("calls").asLong()).isEqualTo(2);
                    servedBy.add(body.path("servedBy").asText());
                }
                assertThat(servedBy).containsExactlyInAnyOrder(addressA, addressB);
            });

            // Per model, asked of B; and the spend of all models, merged from both instances.
            long expectedMini = 0;
            for (int i = 0; i < USERS; i += 2) {
                expectedMini += expectedByUser.get("user-" + i);
            }
            JsonNode mini = json(addressB, "/api/spend?window=hour&model=openai/gpt-5-mini");
            assertThat(mini.path("total").path("costMicros").asLong()).isEqualTo(expectedMini);
            JsonNode models = json(addressA, "/api/spend/models?window=day");
            assertThat(models.path("total").path("costMicros").asLong()).isEqualTo(expectedTotal);
            assertThat(models.path("models")).hasSize(2);
            JsonNode timeline = json(addressB, "/api/spend/timeline?window=hour&last=3");
            assertThat(timeline.path("buckets")).hasSize(3);
            assertThat(timeline.path("buckets").get(2).path("costMicros").asLong()).isEqualTo(expectedTotal);

            // Budgets, charged by the same responses in the route stage: one holder from either instance, and all of them.
            for (String address : new String[] {addressA, addressB}) {
                JsonNode budget = json(address, "/api/budgets/user-15");
                assertThat(budget.path("spentMicros").asLong()).isEqualTo(expectedByUser.get("user-15"));
                assertThat(budget.path("limitMicros").asLong()).isPositive();
            }
            JsonNode top = json(addressB, "/api/budgets?top=3");
            assertThat(top.path("holders").asInt()).isEqualTo(USERS);
            assertThat(top.path("budgets")).hasSize(3);
            assertThat(top.path("budgets").get(0).path("holder").asText()).isEqualTo("user-15");

            // Bad questions get clear answers.
            assertThat(get(addressA, "/api/spend?window=week&user=user-1").statusCode()).isEqualTo(400);
            assertThat(get(addressA, "/api/spend?window=day").statusCode()).isEqualTo(400);
        }
    }

    private JsonNode json(String address, String path) throws Exception {
        HttpResponse<String> response = get(address, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return WebResponse.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> get(String address, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
