package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClosedLoopClientsTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final String FIELD = "\"latency_ms\":";

    private final ClosedLoopClients clients = new ClosedLoopClients("test-load-generator", 1 << 16, TIMEOUT);
    private final Queue<String> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        clients.close();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldPostEachClientsBodiesAndReadTheFieldFromEveryAnswer() throws Exception {
        // given a server that answers every request with 200 and a latency of 7
        URI uri = serve(exchange -> answer(exchange, 200, "{\"id\":\"x\",\"llm_router\":{\"latency_ms\":7}}"));

        // when 4 clients post for 300 ms
        ClosedLoopClients.Outcome outcome = clients.run(uri, 4, Duration.ofMillis(300),
                (client, index) -> ("c" + client + "-" + index).getBytes(StandardCharsets.UTF_8), FIELD);

        // then every request was answered, timed and read, and each client's bodies arrived in order
        assertThat(outcome.failed()).isZero();
        assertThat(outcome.firstError()).isNull();
        assertThat(outcome.micros()).hasSize(requests.get());
        assertThat(Arrays.stream(outcome.micros()).min().orElseThrow()).isPositive();
        assertThat(outcome.bodyLongs()).hasSize(requests.get()).containsOnly(7L);
        assertThat(received).contains("POST c0-0", "POST c0-1", "POST c3-0");
        assertThat(outcome.seconds()).isGreaterThanOrEqualTo(0.3);
    }

    @Test
    void shouldCountAnAnswerOtherThan200AsFailedWithItsStatusAndBody() throws Exception {
        // given a server that refuses every third request
        URI uri = serve(exchange -> {
            if (requests.get() % 3 == 0) {
                answer(exchange, 429, "{\"error\":\"slow down\"}");
            } else {
                answer(exchange, 200, "{}");
            }
        });

        // when 2 clients get for 200 ms
        ClosedLoopClients.Outcome outcome = clients.run(uri, 2, Duration.ofMillis(200), (client, index) -> null, FIELD);

        // then the refusals are failures with their reason, the rest answers without the field
        assertThat(outcome.failed()).isPositive();
        assertThat(outcome.micros().length + outcome.failed()).isEqualTo(requests.get());
        assertThat(outcome.firstError()).isEqualTo("429 {\"error\":\"slow down\"}");
        assertThat(outcome.bodyLongs()).isEmpty();
        assertThat(received).allMatch(line -> line.equals("GET "));
    }

    @Test
    void shouldGoOnOnANewConnectionWhenTheServerClosesTheLastOne() throws Exception {
        // given a server that closes the connection after every answer
        URI uri = serve(exchange -> {
            exchange.getResponseHeaders().set("Connection", "close");
            answer(exchange, 200, "{\"llm_router\":{\"latency_ms\":3}}");
        });

        // when 2 clients post for 300 ms
        ClosedLoopClients.Outcome outcome = clients.run(uri, 2, Duration.ofMillis(300), (client, index) -> new byte[] {'{', '}'}, FIELD);

        // then each client went on, request after request, on fresh connections, and nothing failed
        assertThat(outcome.failed()).isZero();
        assertThat(outcome.micros()).hasSizeGreaterThan(4).hasSize(requests.get());
    }

    @Test
    void shouldFailARequestLeftUnansweredAndGoOn() throws Exception {
        // given a server that never answers the second request it gets
        URI uri = serve(exchange -> {
            if (requests.get() == 2) {
                exchange.close();
                return;
            }
            answer(exchange, 200, "{}");
        }, true);

        // when one client gets for 2 request time-outs
        ClosedLoopClients.Outcome outcome = clients.run(uri, 1, TIMEOUT.multipliedBy(2), (client, index) -> null, FIELD);

        // then that request failed as closed without an answer, and the client went on
        assertThat(outcome.failed()).isEqualTo(1);
        assertThat(outcome.firstError()).contains("closed by the server before answering");
        assertThat(outcome.micros()).hasSizeGreaterThan(1);
    }

    @Test
    void shouldFailARequestThatGetsNoAnswerInTime() throws Exception {
        // given a server that holds the first request longer than the time-out
        URI uri = serve(exchange -> {
            if (requests.get() == 1) {
                sleep(TIMEOUT.multipliedBy(3));
            }
            answer(exchange, 200, "{}");
        }, true);

        // when one client gets for 2 request time-outs
        ClosedLoopClients.Outcome outcome = clients.run(uri, 1, TIMEOUT.multipliedBy(2), (client, index) -> null, FIELD);

        // then the held request failed for want of an answer, and the client went on on a new connection
        assertThat(outcome.firstError()).isEqualTo("no answer within 500 ms");
        assertThat(outcome.failed()).isEqualTo(1);
        assertThat(outcome.micros()).isNotEmpty();
    }

    @Test
    void shouldFindTheNumberAfterAFieldOnlyWhereItIs() {
        byte[] body = "{\"a\":1,\"latency_ms\":1234,\"b\":2}".getBytes(StandardCharsets.UTF_8);
        byte[] field = FIELD.getBytes(StandardCharsets.UTF_8);

        assertThat(ClosedLoopClients.numberAfter(body, 0, body.length, field)).isEqualTo(1234);
        assertThat(ClosedLoopClients.numberAfter(body, 0, 20, field)).isEqualTo(-1);
        assertThat(ClosedLoopClients.numberAfter("{\"latency_ms\":null}".getBytes(StandardCharsets.UTF_8), 0, 19, field)).isEqualTo(-1);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private URI serve(Handler handler) throws IOException {
        return serve(handler, false);
    }

    private URI serve(Handler handler, boolean threadPerRequest) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            received.add(exchange.getRequestMethod() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            handler.handle(exchange);
        });
        if (threadPerRequest) {
            server.setExecutor(Executors.newCachedThreadPool());
        }
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
