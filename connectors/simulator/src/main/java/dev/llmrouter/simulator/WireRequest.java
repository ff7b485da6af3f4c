package dev.llmrouter.simulator;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * What a {@link Dialect} reads of an HTTP request besides its body.
 *
 * @param method   e.g. {@code POST}
 * @param path     the decoded path, without the query
 * @param rawQuery the query string as sent (still URL-encoded), or {@code null}
 * @param headers  the request headers
 */
record WireRequest(String method, String path, String rawQuery, HttpFields headers) {

    static WireRequest of(Request request) {
        return new WireRequest(request.getMethod(), request.getHttpURI().getDecodedPath(),
                request.getHttpURI().getQuery(), request.getHeaders());
    }

    /** The first value of header {@code name} (case-insensitive), or {@code null}. */
    String header(String name) {
        return headers.get(name);
    }

    /** The first value of query parameter {@code name}, URL-decoded, or {@code null}. */
    String queryParameter(String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Fields parameters = new Fields();
        UrlEncoded.decodeUtf8To(rawQuery, parameters);
        return parameters.getValue(name);
    }
}
