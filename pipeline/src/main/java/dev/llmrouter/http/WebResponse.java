package dev.llmrouter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: status, content type, extra headers and the body bytes.
 *
 * @param headers extra response headers (Content-Type is set from {@code contentType})
 */
public record WebResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    public static final String JSON = "application/json; charset=utf-8";

    /** Shared JSON mapping; records are written by their components. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    public WebResponse {
        headers = Map.copyOf(headers);
    }

    public static WebResponse json(Object value) {
        return json(200, value);
    }

    public static WebResponse json(int status, Object value) {
        try {
            return new WebResponse(status, JSON, Map.of(), MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON response: " + e.getMessage(), e);
        }
    }

    public static WebResponse text(int status, String contentType, String body) {
        return new WebResponse(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The standard error body of the pipeline's own endpoints: {@code {"error": {"status": 404, "message": "..."}}}. */
    public static WebResponse error(int status, String message) {
        return json(status, Map.of("error", Map.of("status", status, "message", message)));
    }

    public WebResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new WebResponse(status, contentType, more, body);
    }
}
