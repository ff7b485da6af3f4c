package dev.llmrouter.provider;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A provider-neutral chat request.
 *
 * @param model             the provider's model id, as in the price catalog (e.g. {@code gpt-4o-mini})
 * @param systemPrompt      instructions placed before the conversation; {@code null} for none
 * @param messages          the conversation, at least one message
 * @param maxOutputTokens   output token limit; {@code null} for the provider's default (Anthropic, which
 *                          requires one, then gets {@value #DEFAULT_ANTHROPIC_MAX_TOKENS})
 * @param temperature       sampling temperature; {@code null} for the provider's default
 * @param cacheSystemPrompt asks the provider to cache the system prompt where caching is explicit
 *                          (Anthropic {@code cache_control}); OpenAI and Gemini cache long prefixes by themselves
 * @param responseFormat    {@code "json"} for the provider's JSON mode where it has one; anything else,
 *                          or {@code null}, for plain text
 * @param timeout           deadline for the whole HTTP exchange; {@code null} for {@link #DEFAULT_TIMEOUT}
 */
public record ChatRequest(
        String model,
        String systemPrompt,
        List<ChatMessage> messages,
        Integer maxOutputTokens,
        Double temperature,
        boolean cacheSystemPrompt,
        String responseFormat,
        Duration timeout) {

    /** Deadline of a request that names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** What the Anthropic adapter sends as {@code max_tokens} when the request names no limit. */
    public static final int DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be positive: " + maxOutputTokens);
        }
        if (temperature != null && (temperature < 0 || temperature.isNaN())) {
            throw new IllegalArgumentException("temperature must not be negative: " + temperature);
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** A single user message with every option at its default. */
    public static ChatRequest of(String model, String userPrompt) {
        return new ChatRequest(model, null, List.of(ChatMessage.user(userPrompt)), null, null, false, null, null);
    }

    /** Whether the caller asked for JSON output. */
    public boolean wantsJson() {
        return "json".equalsIgnoreCase(responseFormat);
    }
}
