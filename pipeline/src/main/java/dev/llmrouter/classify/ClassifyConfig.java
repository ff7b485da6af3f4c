package dev.llmrouter.classify;

/**
 * Settings of the classify stage.
 *
 * @param maxPromptChars  requests with more input characters than this are rejected (dead letter and an
 *                        INVALID response) before they can cost anything
 * @param maxOutputTokens upper bound accepted for a request's {@code maxOutputTokens}
 */
public record ClassifyConfig(long maxPromptChars, int maxOutputTokens) {

    public static ClassifyConfig defaults() {
        return new ClassifyConfig(400_000, 128_000);
    }

    public ClassifyConfig {
        if (maxPromptChars <= 0 || maxOutputTokens <= 0) {
            throw new IllegalArgumentException("classify limits must be positive");
        }
    }
}
