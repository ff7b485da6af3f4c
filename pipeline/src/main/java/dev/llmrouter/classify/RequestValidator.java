package dev.llmrouter.classify;

import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.PromptRequest;
import java.util.Optional;

/** Checks what the schema cannot: a request must be servable before anything is spent on it. */
final class RequestValidator {

    private final ClassifyConfig config;

    RequestValidator(ClassifyConfig config) {
        this.config = config;
    }

    /** The first problem found, worded for the caller, or empty when the request is valid. */
    Optional<String> problem(PromptRequest request) {
        if (isBlank(request.getRequestId())) {
            return Optional.of("requestId is missing");
        }
        if (isBlank(request.getUserId())) {
            return Optional.of("userId is missing: requests are keyed, budgeted and answered per user");
        }
        if (request.getMessages().isEmpty()) {
            return Optional.of("messages is empty: there is nothing to answer");
        }
        for (ChatMessage message : request.getMessages()) {
            if (isBlank(message.getContent())) {
                return Optional.of("a message of role " + message.getRole() + " has no content");
            }
        }
        Integer maxTokens = request.getMaxOutputTokens();
        if (maxTokens != null && (maxTokens <= 0 || maxTokens > config.maxOutputTokens())) {
            return Optional.of("maxOutputTokens is " + maxTokens + "; allowed: 1 to " + config.maxOutputTokens());
        }
        Double temperature = request.getTemperature();
        if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
            return Optional.of("temperature is " + temperature + "; allowed: 0 to 2");
        }
        long chars = PromptText.inputChars(request);
        if (chars > config.maxPromptChars()) {
            return Optional.of("prompt has " + chars + " characters; the limit is " + config.maxPromptChars());
        }
        return Optional.empty();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
