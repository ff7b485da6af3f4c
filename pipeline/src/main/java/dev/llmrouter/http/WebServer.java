package dev.llmrouter.http;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a pipeline instance. Features register their routes on it
 * ({@code server.get("/api/budgets/{holder}", handler)}); each request runs on its own virtual thread,
 * so a route may block on Kafka or another instance. Built on Jetty's core server (see {@link JettyServers}):
 * no framework, and nothing else listens.
 *
 * <p>Unknown paths answer 404, known paths with another method 405, a {@link WebException} its status
 * and message, any other failure 500 (logged, with only the exception type and message sent back).
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    private static final HttpField NO_STORE = new HttpField(HttpHeader.CACHE_CONTROL, "no-store");
    /** Requests served at once; each holds a virtual thread while its route blocks. */
    private static final int MAX_THREADS = 10_000;

    private final Server server;
    private final String advertisedHost;
    private final List<Registered> routes = new CopyOnWriteArrayList<>();

    private WebServer(HttpSettings settings) {
        this.server = JettyServers.create("llm-router-http", settings.bindAddress(), settings.port(), 1_024, MAX_THREADS, new Dispatch());
        this.advertisedHost = settings.advertisedHost();
    }

    /** Binds and starts serving; routes may be added before or after. */
    public static WebServer start(HttpSettings settings) throws IOException {
        WebServer web = new WebServer(settings);
        JettyServers.start(web.server);
        log.info("HTTP server listening on {}:{}", settings.bindAddress(), web.port());
        return web;
    }

    /** The port listened on (the chosen one when configured as 0). */
    public int port() {
        return JettyServers.port(server);
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

    /** Runs on a virtual thread per request (Jetty dispatches blocking handlers to the pool), so routes may block. */
    private final class Dispatch extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            WebResponse answer = answer(request);
            response.setStatus(answer.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
            response.getHeaders().put(NO_STORE);
            answer.headers().forEach(response.getHeaders()::put);
            byte[] body = answer.body();
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            // HEAD: the same headers, Content-Length included, and no body.
            response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body), callback);
            return true;
        }
    }

    private WebResponse answer(Request request) {
        URI uri = request.getHttpURI().toURI();
        String method = request.getMethod();
        String lookupMethod = HttpMethod.HEAD.is(method) ? "GET" : method;
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
                return registered.route().handle(new WebRequest(method, uri, parameters, request.getHeaders()::get,
                        Content.Source.asInputStream(request)));
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
        JettyServers.stop(server);
    }

    private record Registered(String method, PathPattern pattern, Route route) {
    }
}
