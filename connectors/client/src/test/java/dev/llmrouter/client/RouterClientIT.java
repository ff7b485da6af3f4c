package dev.llmrouter.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.Role;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against a real broker and registry, with a stand-in for the pipeline that echoes requests. */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class RouterClientIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String bootstrap;
    private static Map<String, Object> serde;

    @BeforeAll
    static void createTopics(KafkaCluster kafka, SchemaRegistryProcess registry) throws Exception {
        bootstrap = kafka.bootstrapServers();
        serde = Map.of("schema.registry.url", registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(RouterClient.DEFAULT_REQUEST_TOPIC, 3, (short) 1),
                    new NewTopic(RouterClient.DEFAULT_RESPONSE_TOPIC, 3, (short) 1))).all().get();
        }
    }

    private static RouterClient client(String id) {
        return RouterClient.builder().bootstrapServers(bootstrap).serde(serde).clientId(id).defaultTimeout(WAIT).build();
    }

    private static PromptRequest request(String user, String text) {
        return PromptRequest.newBuilder().setRequestId(RouterClient.newRequestId()).setUserId(user)
                .setMessages(List.of(new ChatMessage(Role.USER, text))).setCreatedAt(Instant.now()).build();
    }

    @Test
    void shouldAnswerManyConcurrentRequestsEachWithItsOwnResponse() throws Exception {
        try (Responder responder = new Responder(bootstrap, serde, request -> true); RouterClient client = client("many")) {
            List<PromptRequest> requests = new ArrayList<>();
            List<CompletableFuture<LlmResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                PromptRequest request = request("user-" + (i % 7), "question " + i);
                requests.add(request);
                futures.add(client.submit(request));
            }

            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            for (int i = 0; i < requests.size(); i++) {
                LlmResponse response = futures.get(i).get();
                assertThat(response.getRequestId()).isEqualTo(requests.get(i).getRequestId());
                assertThat(response.getContent()).isEqualTo("echo: question " + i);
                assertThat(response.getStatus()).isEqualTo(ResponseStatus.OK);
            }
            assertThat(client.pending()).isZero();
        }
    }

    @Test
    void shouldKeepOnlyItsOwnResponsesWhenClientsShareTheResponseTopic() throws Exception {
        try (Responder responder = new Responder(bootstrap, serde, request -> true);
             RouterClient alice = client("alice"); RouterClient bob = client("bob")) {
            Collected aliceStream = new Collected();
            alice.responses().subscribe(aliceStream);
            List<CompletableFuture<LlmResponse>> aliceFutures = new ArrayList<>();
            List<CompletableFuture<LlmResponse>> bobFutures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                // The same users on both clients: their responses land on the same partitions.
                aliceFutures.add(alice.submit(request("user-" + (i % 3), "alice " + i)));
                bobFutures.add(bob.submit(request("user-" + (i % 3), "bob " + i)));
            }

            CompletableFuture.allOf(aliceFutures.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            CompletableFuture.allOf(bobFutures.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(aliceFutures).allSatisfy(f -> assertThat(f.get().getContent()).startsWith("echo: alice"));
            assertThat(bobFutures).allSatisfy(f -> assertThat(f.get().getContent()).startsWith("echo: bob"));
            aliceStream.awaitCount(50);
            assertThat(aliceStream.items).hasSize(50).allSatisfy(r -> assertThat(r.getContent()).startsWith("echo: alice"));
        }
    }

    @Test
    void shouldFailWithTimeoutNamingTheRequestWhenNoResponseArrives() throws Exception {
        try (Responder responder = new Responder(bootstrap, serde, request -> !request.getUserId().equals("silent"));
             RouterClient client = client("timeouts")) {
            PromptRequest unanswered = request("silent", "anyone there?");

            CompletableFuture<LlmResponse> future = client.submit(unanswered, Duration.ofMillis(1500));
            LlmResponse answered = client.submit(request("talkative", "hello")).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(answered.getContent()).isEqualTo("echo: hello");
            assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RequestTimeoutException.class)
                    .hasMessage("no response to request " + unanswered.getRequestId() + " within 1500 ms");
            assertThat(client.pending()).isZero();
        }
    }

    @Test
    void shouldSkipAnUnreadableRecordOnTheResponseTopicAndKeepAnswering() throws Exception {
        try (Responder responder = new Responder(bootstrap, serde, request -> true); RouterClient client = client("garbage");
             var raw = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(RouterClient.DEFAULT_RESPONSE_TOPIC, 0, null, "not avro".getBytes(StandardCharsets.UTF_8))).get();

            LlmResponse response = client.submit(request("user-1", "still there?")).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(response.getContent()).isEqualTo("echo: still there?");
        }
    }

    @Test
    void shouldFailPendingRequestsWhenClosed() {
        RouterClient client = client("closing");
        CompletableFuture<LlmResponse> future = client.submit(request("nobody-answers", "hello"));

        client.close();

        assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(client.submit(request("user", "after close"))).isCompletedExceptionally();
    }

    @Test
    void shouldRefuseToStartWhenTheResponseTopicDoesNotExist() {
        assertThatThrownBy(() -> RouterClient.builder().bootstrapServers(bootstrap).serde(serde).responseTopic("no-such-topic")
                .startTimeout(Duration.ofSeconds(5)).build())
                .hasMessageContaining("no-such-topic");
    }

    /** A subscriber that keeps what it receives. */
    private static final class Collected implements Flow.Subscriber<LlmResponse> {
        final List<LlmResponse> items = new CopyOnWriteArrayList<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(LlmResponse item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }

        void awaitCount(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (items.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
    }
}
