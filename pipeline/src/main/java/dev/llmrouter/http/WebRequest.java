package dev.llmrouter.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One HTTP request as a route sees it: method, path parameters from the route pattern, query
 * parameters, headers and a lazily read body.
 */
public final class WebRequest {

    private final String method;
    private final URI uri;
    private final Map<String, String> pathParameters;
    private final Map<String, String> query;
    private final Function<String, String> headers;
    private final InputStream body;

    /**
     * @param headers the first value of a header by its name, case-insensitive, or null
     * @param body    the request body, not yet read
     */
    WebRequest(String method, URI uri, Map<String, String> pathParameters, Function<String, String> headers, InputStream body) {
        this.method = method;
        this.uri = uri;
        this.pathParameters = Map.copyOf(pathParameters);
        this.query = parseQuery(uri.getRawQuery());
        this.headers = headers;
        this.body = body;
    }

    public String method() {
        return method;
    }

    public String path() {
        return uri.getPath();
    }

    /** The raw query string, without the '?', or an empty string. */
    public String rawQuery() {
        return uri.getRawQuery() == null ? "" : uri.getRawQuery();
    }

    /** The value of the path parameter {@code {name}} of the route pattern. */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path parameter " + name);
        }
        return value;
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** A required query parameter; its absence is the client's error (400). */
    public String requireQuery(String name) {
        return query(name).filter(value -> !value.isBlank())
                .orElseThrow(() -> WebException.badRequest("query parameter '" + name + "' is required"));
    }

    /** A whole-number query parameter within [min, max], or {@code fallback} when absent. */
    public int intQuery(String name, int fallback, int min, int max) {
        Optional<String> value = query(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get().trim());
            if (parsed < min || parsed > max) {
                throw WebException.badRequest("query parameter '" + name + "' must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw WebException.badRequest("query parameter '" + name + "' must be a whole number, not '" + value.get() + "'");
        }
    }

    /** The first value of a header (case-insensitive name). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.apply(name));
    }

    /** The body; read at most once. */
    public InputStream body() {
        return body;
    }

    public byte[] bodyBytes() throws IOException {
        return body.readAllBytes();
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(name, value);
        }
        return values;
    }
}
