package dev.llmrouter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a pipeline instance. Features register their routes on it
 * ({@code server.get("/api/budgets/{holder}", handler)}); each request runs on its own virtual thread,
 * so a route may block on Kafka or another instance. Built on the JDK's HTTP server: no framework, and
 * nothing else listens.
 *
 * <p>Unknown paths answer 404, known paths with another method 405, a {@link WebException} its status
 * and message, any other failure 500 (logged, with only the exception type and message sent back).
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final String advertisedHost;
    private final List<Registered> routes = new CopyOnWriteArrayList<>();

    private WebServer(HttpServer server, ExecutorService executor, String advertisedHost) {
        this.server = server;
        this.executor = executor;
        this.advertisedHost = advertisedHost;
    }

    /** Binds and starts serving; routes may be added before or after. */
    public static WebServer start(HttpSettings settings) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 1_024);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("llm-router-http-", 0).factory());
        server.setExecutor(executor);
        WebServer web = new WebServer(server, executor, settings.advertisedHost());
        server.createContext("/", web::dispatch);
        server.start();
        log.info("HTTP server listening on {}:{}", settings.bindAddress(), web.port());
        return web;
    }

    /** The port listened on (the chosen one when configured as 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** How other instances and people reach this server, e.g. {@code http://127.0.0.1:8080}. */
    public URI baseUrl() {
        return URI.create("http://" + advertisedHost + ":" + port());
    }

    public WebServer get(String pattern, Route route) {
        return add("GET", pattern, route);
    }

    public WebServer post(String pattern, Route route) {
        return add("POST", pattern, route);
    }

    /**
     * Adds a route. A pattern is a path whose segments are literals or {@code {name}} parameters; a
     * final {@code {name...}} matches the rest of the path. Earlier routes win over later ones.
     */
    public WebServer add(String method, String pattern, Route route) {
        routes.add(new Registered(method, PathPattern.of(pattern), route));
        return this;
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            WebResponse response = answer(exchange);
            byte[] body = "HEAD".equals(exchange.getRequestMethod()) ? new byte[0] : response.body();
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The client went away mid-response; nothing to tell it.
            log.debug("HTTP response not delivered: {}", e.toString());
        }
    }

    private WebResponse answer(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        String lookupMethod = "HEAD".equals(method) ? "GET" : method;
        List<String> allowed = new ArrayList<>();
        for (Registered registered : routes) {
            Map<String, String> parameters = registered.pattern().match(uri.getPath());
            if (parameters == null) {
                continue;
            }
            if (!registered.method().equals(lookupMethod)) {
                allowed.add(registered.method());
                continue;
            }
            try {
                return registered.route().handle(new WebRequest(method, uri, parameters, new HashMap<>(exchange.getRequestHeaders()),
                        exchange.getRequestBody()));
            } catch (WebException e) {
                return WebResponse.error(e.status(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return WebResponse.error(503, "server is shutting down");
            } catch (Exception e) {
                log.error("HTTP {} {} failed", method, uri.getPath(), e);
                return WebResponse.error(500, "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        if (!allowed.isEmpty()) {
            return WebResponse.error(405, method + " is not supported on " + uri.getPath()).withHeader("Allow", String.join(", ", allowed));
        }
        return WebResponse.error(404, "no resource at " + uri.getPath());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Registered(String method, PathPattern pattern, Route route) {
    }
}
