package dev.llmrouter.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.Map;

/** A response about to be written: status, extra headers, body. */
record Reply(int status, Map<String, String> headers, byte[] body) {

    static Reply json(int status, JsonNode body) {
        return json(status, Map.of(), body);
    }

    static Reply json(int status, Map<String, String> headers, JsonNode body) {
        try {
            return new Reply(status, headers, ConfigJson.JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
