package dev.llmrouter.ingress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrouter.client.RequestTimeoutException;
import dev.llmrouter.client.RouterClient;
import dev.llmrouter.http.JettyServers;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the ingress on Jetty's core server with a virtual thread per task (see {@link JettyServers}):
 * a handler simply blocks until its response arrives, so thousands of waiting requests cost no platform
 * threads. Routes: {@code POST /v1/chat/completions}, {@code GET /v1/models}, {@code GET /v1/models/{id}},
 * {@code GET /healthz}; everything else is an OpenAI-style 404.
 */
public final class IngressServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngressServer.class);
    /**
     * Jackson keeps its parsing and writing buffers per thread by default, and each request runs on a new virtual
     * thread, so every one allocated them afresh (12 KB a request, 7.5% of the benchmark JVM's allocations); a
     * shared pool (a concurrent deque) reuses them.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());
    private static final String CHAT_PATH = "/v1/chat/completions";
    private static final String MODELS_PATH = "/v1/models";
    /** Names the server's threads; {@code bench ingress} tells its CPU time apart by it. */
    public static final String THREAD_NAME = "llm-router-ingress-http";
    private static final int ACCEPT_QUEUE = 4_096;
    private static final int EXTRA_THREADS = 1_024;
    private static final long STOP_TIMEOUT_MS = 2_000;

    private final IngressConfig config;
    private final RouterClient client;
    private final ModelDirectory models;
    private final ChatRequestMapper requests;
    private final ApiKeys keys;
    private final Server server;

    private IngressServer(IngressConfig config, RouterClient client, ModelDirectory models) {
        this.config = config;
        this.client = client;
        this.models = models;
        this.requests = new ChatRequestMapper(models, config.defaultUser());
        this.keys = new ApiKeys(config.apiKeys());
        // Room for every pending request to wait on a thread of its own, and for those being turned away with a 429.
        int maxThreads = config.maxPending() + EXTRA_THREADS;
        this.server = JettyServers.create(THREAD_NAME, config.host(), config.port(), ACCEPT_QUEUE, maxThreads,
                new GracefulHandler(new Dispatch()));
        server.setStopTimeout(STOP_TIMEOUT_MS);
    }

    /** Binds and starts serving; requests go out and come back through {@code client}, which the caller keeps and closes. */
    public static IngressServer start(IngressConfig config, RouterClient client, ModelDirectory models) throws IOException {
        IngressServer ingress = new IngressServer(config, client, models);
        JettyServers.start(ingress.server);
        log.info("OpenAI-compatible ingress listening on {} (API key {})", ingress.baseUrl(),
                ingress.keys.required() ? "required" : "not required");
        return ingress;
    }

    /** The OpenAI base URL clients use, e.g. {@code http://127.0.0.1:8000/v1}. */
    public URI baseUrl() {
        String host = config.host();
        try {
            if (InetAddress.getByName(host).isAnyLocalAddress()) {
                host = "127.0.0.1";
            }
        } catch (IOException e) {
            // A host name that does not resolve here is still how it was configured.
        }
        return URI.create("http://" + host + ":" + JettyServers.port(server) + "/v1");
    }

    /** Runs on a virtual thread per request: Jetty dispatches blocking handlers to the pool. */
    private final class Dispatch extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            IngressExchange exchange = new IngressExchange(request, response, callback);
            try {
                route(exchange);
            } catch (IOException e) {
                // The client went away mid-exchange; nothing to answer.
                log.debug("Exchange ended early: {}", e.getMessage());
                exchange.abandon(e);
            } catch (RuntimeException e) {
                log.error("Ingress failed on {} {}", exchange.method(), exchange.path(), e);
                internalError(exchange, e);
            }
            return true;
        }
    }

    private void route(IngressExchange exchange) throws IOException {
        String path = exchange.path();
        String method = exchange.method();
        if (path.equals("/healthz")) {
            send(exchange, 200, JSON.createObjectNode().put("status", "ok"), Map.of());
            return;
        }
        if (!keys.accepts(exchange.header("Authorization"))) {
            fail(exchange, new ApiError(401, ApiError.INVALID_REQUEST, "invalid_api_key", null,
                    "Missing or incorrect API key: send it as 'Authorization: Bearer <key>'."));
            return;
        }
        if (path.equals(CHAT_PATH)) {
            if (allow(exchange, "POST")) {
                chat(exchange);
            }
        } else if (path.equals(MODELS_PATH) || path.equals(MODELS_PATH + "/")) {
            if (allow(exchange, "GET")) {
                send(exchange, 200, models.list(), Map.of());
            }
        } else if (path.startsWith(MODELS_PATH + "/")) {
            if (allow(exchange, "GET")) {
                model(exchange, path.substring(MODELS_PATH.length() + 1));
            }
        } else {
            fail(exchange, new ApiError(404, ApiError.INVALID_REQUEST, "unknown_url", null,
                    "Unknown request URL: " + method + " " + path + ". This server offers POST " + CHAT_PATH + " and GET " + MODELS_PATH + "."));
        }
    }

    /** A bug must not look like a dropped connection: answer 500 unless the response has already begun. */
    private static void internalError(IngressExchange exchange, RuntimeException failure) {
        if (exchange.answered()) {
            return;
        }
        try {
            fail(exchange, new ApiError(500, "server_error", "internal_error", null, "The ingress failed on this request; see its log."));
        } catch (IOException | RuntimeException e) {
            log.debug("Could not answer 500: {}", e.toString());
            exchange.abandon(failure);
        }
    }

    private boolean allow(IngressExchange exchange, String method) throws IOException {
        if (exchange.method().equals(method)) {
            return true;
        }
        exchange.setHeader("Allow", method);
        fail(exchange, new ApiError(405, ApiError.INVALID_REQUEST, "method_not_allowed", null,
                exchange.method() + " is not allowed on " + exchange.path() + "; use " + method + "."));
        return false;
    }

    private void model(IngressExchange exchange, String id) throws IOException {
        for (JsonNode model : models.list().path("data")) {
            if (model.path("id").asText().equals(id)) {
                send(exchange, 200, model, Map.of());
                return;
            }
        }
        fail(exchange, new ApiError(404, ApiError.INVALID_REQUEST, "model_not_found", "model", "The model '" + id + "' does not exist."));
    }

    private void chat(IngressExchange exchange) throws IOException {
        PromptRequest request;
        ChatRequestMapper.Streaming streaming;
        try {
            JsonNode body = readJson(exchange);
            request = requests.map(body, exchange::header, RouterClient.newRequestId(), Instant.now());
            streaming = ChatRequestMapper.Streaming.of(body);
        } catch (ApiError.Failure failure) {
            fail(exchange, failure.error());
            return;
        }
        if (client.pending() >= config.maxPending()) {
            exchange.setHeader("Retry-After", "1");
            fail(exchange, new ApiError(429, "rate_limit_exceeded", "too_many_pending_requests", null,
                    "The ingress has " + config.maxPending() + " requests waiting for answers; retry shortly."));
            return;
        }
        LlmResponse response;
        try {
            response = client.submit(request, config.requestTimeout()).get();
        } catch (ExecutionException e) {
            fail(exchange, unanswered(request, e.getCause()));
            return;
        } catch (InterruptedException | CancellationException e) {
            fail(exchange, new ApiError(503, "server_error", "shutting_down", null, "The ingress is shutting down; retry."));
            return;
        }
        ChatResponseMapper.Reply reply = ChatResponseMapper.reply(request, response);
        if (streaming.requested() && reply.status() == 200) {
            stream(exchange, ChatResponseMapper.chunks(request, response, streaming.includeUsage()), reply.headers());
        } else {
            // A failure is an ordinary JSON error even for a streaming client, as OpenAI answers one: before any event.
            send(exchange, reply.status(), reply.body(), reply.headers());
        }
    }

    /** Server-sent events, as OpenAI streams them: one {@code data:} line per chunk, then {@code data: [DONE]}. */
    private static void stream(IngressExchange exchange, List<? extends JsonNode> chunks, Map<String, String> headers) throws IOException {
        StringBuilder events = new StringBuilder();
        for (JsonNode chunk : chunks) {
            events.append("data: ").append(JSON.writeValueAsString(chunk)).append("\n\n");
        }
        events.append("data: [DONE]\n\n");
        exchange.setHeader("Cache-Control", "no-cache");
        setHeaders(exchange, headers);
        exchange.send(200, "text/event-stream", events.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ApiError unanswered(PromptRequest request, Throwable cause) {
        if (cause instanceof RequestTimeoutException timeout) {
            return new ApiError(504, "timeout", "router_timeout", null, "The router gave up waiting: " + timeout.getMessage()
                    + ". The request stays queued; its answer will be discarded.");
        }
        log.warn("Request {} could not be published: {}", request.getRequestId(), cause.toString());
        return new ApiError(503, "server_error", "unavailable", null,
                "The request could not be queued (" + cause.getClass().getSimpleName() + "); retry later.");
    }

    /** Reads at most the configured size: a larger body is refused by its Content-Length, or once it exceeds the limit. */
    private JsonNode readJson(IngressExchange exchange) throws IOException {
        String declared = exchange.header("Content-Length");
        long length = declared == null ? -1 : parseLength(declared);
        if (length > config.maxRequestBytes()) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = exchange.body()) {
            // A declared length is read into an array of its size; without one, readNBytes reads through 16 KB chunks.
            bytes = in.readNBytes(length >= 0 ? (int) length : config.maxRequestBytes() + 1);
        }
        if (bytes.length > config.maxRequestBytes()) {
            throw tooLarge();
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("invalid_json", null, "The request body is not valid JSON: " + e.getOriginalMessage()).asFailure();
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid_header", null, "Content-Length '" + value + "' is not a number.").asFailure();
        }
    }

    private ApiError.Failure tooLarge() {
        return new ApiError(413, ApiError.INVALID_REQUEST, "request_too_large", null,
                "The request body exceeds the ingress limit of " + config.maxRequestBytes() + " bytes.").asFailure();
    }

    private static void fail(IngressExchange exchange, ApiError error) throws IOException {
        if (error.status() == 413) {
            // The rest of the body stays unread: do not let the connection carry it into the next request.
            exchange.setHeader("Connection", "close");
        }
        send(exchange, error.status(), error.body(), Map.of());
    }

    private static void send(IngressExchange exchange, int status, JsonNode body, Map<String, String> headers) throws IOException {
        setHeaders(exchange, headers);
        exchange.send(status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void setHeaders(IngressExchange exchange, Map<String, String> headers) {
        headers.forEach((name, value) -> {
            if (value != null) {
                exchange.setHeader(name, value);
            }
        });
    }

    /** Stops accepting requests, gives those in progress up to two seconds to be answered, then closes their connections. */
    @Override
    public void close() {
        JettyServers.stop(server);
    }
}
