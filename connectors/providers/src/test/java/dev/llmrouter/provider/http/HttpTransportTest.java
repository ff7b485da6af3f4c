package dev.llmrouter.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {

    private final HttpTransports transports = HttpTransports.start();
    private final HttpTransport transport = transports.create("under-test", Duration.ofSeconds(5));

    @AfterEach
    void close() {
        transports.close();
    }

    @Test
    void shouldSendOneValuePerHeaderNameWhateverItsCase() throws Exception {
        // given a server that records the request head and answers 200
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> head = CompletableFuture.supplyAsync(() -> answerOnce(server));
            HttpCall call = HttpCall.post(uri(server, "/v1/chat/completions"), "{}")
                    .header("X-Api-Key", "first").header("x-api-key", "second");

            // when
            HttpAnswer answer = transport.send(call, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);

            // then
            assertThat(answer.status()).isEqualTo(200);
            assertThat(head.get(10, TimeUnit.SECONDS))
                    .filteredOn(line -> line.toLowerCase().startsWith("x-api-key:")).containsExactly("x-api-key: second");
            assertThat(head.get()).contains("POST /v1/chat/completions HTTP/1.1", "Content-Type: application/json",
                    "Host: 127.0.0.1:" + server.getLocalPort());
        }
    }

    @Test
    void shouldAbortTheExchangeWhenTheCallIsCancelled() throws Exception {
        // given a server that reads the request and never answers
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> received = new CompletableFuture<>();
            CompletableFuture<Boolean> closedByClient = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    var in = socket.getInputStream();
                    byte[] buffer = new byte[8192];
                    // Reads the request, then waits: -1 means the client closed the connection.
                    while (in.read(buffer) >= 0) {
                        received.complete(null);
                    }
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
            CompletableFuture<HttpAnswer> call = transport.send(HttpCall.post(uri(server, "/slow"), "{}"), Duration.ofMinutes(5));
            received.get(10, TimeUnit.SECONDS);

            // when
            call.cancel(true);

            // then
            assertThat(closedByClient.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldFailAnAnswerLargerThanTheLimit() throws Exception {
        // given
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] huge = new byte[HttpTransport.MAX_ANSWER_BYTES + 1];
        server.createContext("/", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, huge.length);
                out.write(huge);
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");

            // when
            CompletableFuture<HttpAnswer> call = transport.send(HttpCall.post(uri, "{}"), Duration.ofSeconds(30));

            // then
            Throwable failure = call.handle((answer, error) -> error).get(30, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldNotShowHeaderValuesInDescription() {
        // when
        HttpCall call = HttpCall.post(URI.create("http://127.0.0.1:1/v1"), "{}").header("Authorization", "Bearer sk-secret");

        // then
        assertThat(call.toString()).contains("Authorization").doesNotContain("sk-secret");
    }

    private static URI uri(ServerSocket server, String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    private static List<String> answerOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line);
            }
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                    .getBytes(StandardCharsets.ISO_8859_1));
            return head;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
