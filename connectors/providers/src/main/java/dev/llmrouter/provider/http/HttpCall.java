package dev.llmrouter.provider.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One JSON POST an adapter wants sent: where, what, and its own headers (auth, API version). Headers set
 * later replace earlier ones of the same name, ignoring case, as HTTP field names compare.
 */
public final class HttpCall {

    private final URI uri;
    private final String body;
    private final Map<String, Header> headers = new LinkedHashMap<>();

    private HttpCall(URI uri, String body) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.body = Objects.requireNonNull(body, "body");
    }

    /** A POST of the JSON text {@code body} to {@code uri}. */
    public static HttpCall post(URI uri, String body) {
        return new HttpCall(uri, body);
    }

    /** Sets {@code name} to {@code value}, replacing any value it had. */
    public HttpCall header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), new Header(name, Objects.requireNonNull(value, name)));
        return this;
    }

    public URI uri() {
        return uri;
    }

    public String body() {
        return body;
    }

    /** Hands each header, by name as it was set and in order, to {@code action}. */
    public void forEachHeader(BiConsumer<String, String> action) {
        headers.values().forEach(h -> action.accept(h.name(), h.value()));
    }

    /** Never the headers' values: they hold API keys. */
    @Override
    public String toString() {
        return "HttpCall[POST " + uri + ", headers " + headers.values().stream().map(Header::name).toList() + "]";
    }

    private record Header(String name, String value) {
    }
}
