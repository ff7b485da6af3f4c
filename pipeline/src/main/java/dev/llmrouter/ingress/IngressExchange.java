package dev.llmrouter.ingress;

import java.io.InputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request to the ingress and its answer. Jetty's callback must complete exactly once: {@link #send} and
 * {@link #abandon} do so, and whichever comes first wins.
 */
final class IngressExchange {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private boolean answered;

    IngressExchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    String method() {
        return request.getMethod();
    }

    /** The decoded path, e.g. {@code /v1/models/gpt 4}. */
    String path() {
        return request.getHttpURI().getDecodedPath();
    }

    /** The first value of a header, case-insensitive, or null. */
    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The request body, not yet read; it blocks the (virtual) thread that reads it. */
    InputStream body() {
        return Content.Source.asInputStream(request);
    }

    void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    boolean answered() {
        return answered;
    }

    /** Answers with {@code body} as the whole response; the write completes asynchronously. */
    void send(int status, String contentType, byte[] body) {
        if (answered) {
            throw new IllegalStateException("exchange already answered");
        }
        answered = true;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Ends an exchange that cannot be answered any more (the client left): Jetty closes the connection. */
    void abandon(Throwable cause) {
        if (!answered) {
            answered = true;
            callback.failed(cause);
        }
    }
}
