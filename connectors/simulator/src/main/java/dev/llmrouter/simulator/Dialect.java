package dev.llmrouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** One provider's wire format: where its key is, how its requests read, how its answers and errors look. */
sealed interface Dialect permits OpenAiDialect, AnthropicDialect, GeminiDialect {

    WireFormat format();

    /** Whether {@code method path} is this format's chat endpoint. */
    boolean isChat(String method, String path);

    /** The API key the client sent, or {@code null}. */
    String apiKey(WireRequest request);

    SimRequest parse(WireRequest request, JsonNode body) throws InvalidRequestException;

    Reply answer(SimRequest request, SimAnswer answer);

    Reply error(Failure failure);

    /** Answers an authenticated non-chat endpoint (e.g. the model list), if the format has it. */
    default Optional<Reply> other(String method, String path, SimulatorConfig config) {
        return Optional.empty();
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * A random id tail in the style of provider ids: 24 lower-case hex digits. Not {@code UUID.randomUUID()}:
     * its shared {@code SecureRandom} made concurrent requests queue on one lock.
     */
    static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextInt());
    }

    static String text(JsonNode node, String field) throws InvalidRequestException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidRequestException(field + ": field required");
        }
        return value.asText();
    }
}
