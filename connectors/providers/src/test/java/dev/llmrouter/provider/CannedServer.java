package dev.llmrouter.provider;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A one-route HTTP server on 127.0.0.1 that answers every request with the recorded body set last, and
 * remembers the request it got, so recorded provider bodies go through the adapters' real HTTP path.
 */
final class CannedServer implements AutoCloseable {

    record Received(String method, String path, Headers headers, String body) {
    }

    private final HttpServer server;
    private volatile int status = 200;
    private volatile Map<String, String> headers = Map.of();
    private volatile byte[] body = new byte[0];
    private volatile Received received;

    CannedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                received = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                headers.forEach(exchange.getResponseHeaders()::set);
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    /** Answers the next requests with {@code status}, {@code headers} and the recorded file {@code resource}. */
    CannedServer answer(int status, Map<String, String> headers, String resource) {
        try (InputStream in = CannedServer.class.getResourceAsStream("/recorded/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded body " + resource);
            }
            this.body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.status = status;
        this.headers = headers;
        return this;
    }

    CannedServer answer(int status, String resource) {
        return answer(status, Map.of(), resource);
    }

    /** The raw text of a recorded file. */
    static String recorded(String resource) {
        try (InputStream in = CannedServer.class.getResourceAsStream("/recorded/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI root() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    Received received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
