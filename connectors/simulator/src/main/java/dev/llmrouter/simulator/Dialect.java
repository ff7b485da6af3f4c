package dev.llmrouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.Optional;
import java.util.UUID;

/** One provider's wire format: where its key is, how its requests read, how its answers and errors look. */
sealed interface Dialect permits OpenAiDialect, AnthropicDialect, GeminiDialect {

    WireFormat format();

    /** Whether {@code method path} is this format's chat endpoint. */
    boolean isChat(String method, String path);

    /** The API key the client sent, or {@code null}. */
    String apiKey(HttpExchange exchange);

    SimRequest parse(HttpExchange exchange, JsonNode body) throws InvalidRequestException;

    Reply answer(SimRequest request, SimAnswer answer);

    Reply error(Failure failure);

    /** Answers an authenticated non-chat endpoint (e.g. the model list), if the format has it. */
    default Optional<Reply> other(String method, String path, SimulatorConfig config) {
        return Optional.empty();
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A random id tail in the style of provider ids. */
    static String randomId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    static String text(JsonNode node, String field) throws InvalidRequestException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidRequestException(field + ": field required");
        }
        return value.asText();
    }
}
