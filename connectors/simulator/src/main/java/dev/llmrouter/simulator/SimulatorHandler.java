package dev.llmrouter.simulator;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The simulator's HTTP side: routes each request to its wire format's {@link Dialect} or to the admin API,
 * reads the body without blocking, and writes the {@link Reply} when it is due. Paths are matched by prefix,
 * as before on the JDK server: {@code /v1/chat/} and {@code /v1/models} (OpenAI), {@code /v1/messages}
 * (Anthropic), {@code /v1beta/} (Gemini), {@code /admin/}; anything else is Jetty's 404.
 *
 * <p>Non-blocking, so Jetty may run it on the selector thread that read the request instead of handing it to
 * another thread: nothing here waits (the simulated latency is a scheduled task, see {@link Simulation}).
 */
final class SimulatorHandler extends Handler.Abstract.NonBlocking {

    /** Far above any prompt the providers accept; a client sending more gets an error, not an unbounded buffer. */
    private static final int MAX_BODY_BYTES = 64 << 20;
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");

    private final Simulation simulation;
    private final AdminApi admin;
    private final Dialect openAi = new OpenAiDialect();
    private final Dialect anthropic = new AnthropicDialect();
    private final Dialect gemini = new GeminiDialect();

    SimulatorHandler(Simulation simulation, AdminApi admin) {
        this.simulation = simulation;
        this.admin = admin;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        WireRequest wire = WireRequest.of(request);
        String path = wire.path();
        boolean isAdmin = path.startsWith("/admin/");
        Dialect dialect = isAdmin ? null : dialect(path);
        if (!isAdmin && dialect == null) {
            return false;
        }
        Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).whenComplete((body, failure) -> {
            if (failure != null) {
                // Too large, or the client went away while sending it.
                callback.failed(failure);
                return;
            }
            try {
                if (isAdmin) {
                    send(response, callback, admin.handle(wire.method(), path, body));
                } else {
                    simulation.handle(dialect, wire, body, reply -> send(response, callback, reply));
                }
            } catch (RuntimeException e) {
                callback.failed(e);
            }
        });
        return true;
    }

    private Dialect dialect(String path) {
        if (path.startsWith("/v1/chat/") || path.startsWith("/v1/models")) {
            return openAi;
        }
        if (path.startsWith("/v1/messages")) {
            return anthropic;
        }
        return path.startsWith("/v1beta/") ? gemini : null;
    }

    /** Status, {@code Content-Type: application/json}, the reply's own headers and its body (none when empty). */
    static void send(Response response, Callback callback, Reply reply) {
        response.setStatus(reply.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(JSON);
        reply.headers().forEach(headers::put);
        if (reply.body().length == 0) {
            callback.succeeded();
        } else {
            headers.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
            response.write(true, ByteBuffer.wrap(reply.body()), callback);
        }
    }
}
