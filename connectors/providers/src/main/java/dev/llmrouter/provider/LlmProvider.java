package dev.llmrouter.provider;

import java.util.concurrent.CompletableFuture;

/**
 * One configured LLM provider endpoint. Implementations are thread-safe and non-blocking: thousands of
 * {@link #chat} calls may be outstanding at once.
 */
public interface LlmProvider extends AutoCloseable {

    /** Registry id, e.g. {@code "openai"}, {@code "anthropic"}, {@code "gemini"}, {@code "deepseek"}, {@code "sim-openai"}. */
    String id();

    /**
     * Sends one chat request. Never throws: every failure, including invalid input, completes the future
     * exceptionally with a {@link ProviderException} (directly, not wrapped). Cancelling the future aborts
     * the HTTP exchange.
     */
    CompletableFuture<ChatResult> chat(ChatRequest request);

    @Override
    default void close() {
    }
}
