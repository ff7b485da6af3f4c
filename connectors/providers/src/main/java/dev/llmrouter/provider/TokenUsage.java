package dev.llmrouter.provider;

/**
 * Tokens of one attempt, normalised across providers.
 *
 * @param inputTokens       ALL input tokens, including those read from and written to the prompt cache
 *                          (Anthropic reports these apart; its adapter adds them back)
 * @param outputTokens      generated tokens, including hidden reasoning tokens where the provider bills them
 * @param cachedInputTokens input tokens read from the provider's prompt cache
 * @param cacheWriteTokens  input tokens written into the provider's prompt cache (Anthropic)
 */
public record TokenUsage(long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens) {

    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0);

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + inputTokens + ", "
                    + outputTokens + ", " + cachedInputTokens + ", " + cacheWriteTokens);
        }
    }

    /** Input and output tokens without any caching. */
    public static TokenUsage of(long inputTokens, long outputTokens) {
        return new TokenUsage(inputTokens, outputTokens, 0, 0);
    }

    /** Input tokens billed at the full input price: neither read from nor written to the cache (never negative). */
    public long uncachedInputTokens() {
        return Math.max(0, inputTokens - cachedInputTokens - cacheWriteTokens);
    }
}
