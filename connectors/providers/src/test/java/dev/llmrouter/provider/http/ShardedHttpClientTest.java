package dev.llmrouter.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShardedHttpClientTest {

    private HttpServer server;
    private URI uri;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Answers with the client's port: one port per TCP connection.
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = Integer.toString(exchange.getRemoteAddress().getPort()).getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldSpreadCallsOverItsClientsEachWithItsOwnConnectionPool() throws Exception {
        // given four clients taking turns
        try (ShardedHttpClient client = ShardedHttpClient.of(4, () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build())) {
            // when eight requests are sent one after the other
            Set<String> connections = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                connections.add(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
            }

            // then each client kept its own keep-alive connection and reused it on its second turn
            assertThat(connections).hasSize(4);
            assertThat(client.size()).isEqualTo(4);
        }
    }

    @Test
    void shouldReportTheSettingsOfItsClientsAndShutThemAllDown() throws Exception {
        // given
        ShardedHttpClient client = ShardedHttpClient.of(3, () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build());
        client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).join();

        // when
        client.shutdownNow();

        // then
        assertThat(client.connectTimeout()).contains(Duration.ofSeconds(3));
        assertThat(client.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(client.isTerminated()).isTrue();
    }

    @Test
    void shouldRefuseAnEmptySetOfClients() {
        assertThatThrownBy(() -> ShardedHttpClient.of(0, HttpClient::newHttpClient)).isInstanceOf(IllegalArgumentException.class);
    }
}
