package dev.llmrouter.classify;

/**
 * Settings of the classify stage.
 *
 * @param maxPromptChars  requests with more input characters than this are rejected (dead letter and an
 *                        INVALID response) before they can cost anything
 * @param maxOutputTokens upper bound accepted for a request's {@code maxOutputTokens}
 * @param maxRecordBytes  requests whose serialized record is larger than this are rejected the same way,
 *                        whatever their prompt: metadata, system prompt and history count too
 * @param cacheSize       classifications of recent prompts kept per instance ({@link CachingClassifier}); 0 for none
 */
public record ClassifyConfig(long maxPromptChars, int maxOutputTokens, int maxRecordBytes, int cacheSize) {

    /** Kafka's own default limit of a record batch ({@code max.message.bytes}), rounded down. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;
    /** Entries, each a text of at most {@link CachingClassifier#MAX_CACHED_CHARS} characters and its classification. */
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    public static ClassifyConfig defaults() {
        return new ClassifyConfig(400_000, 128_000, DEFAULT_MAX_RECORD_BYTES, DEFAULT_CACHE_SIZE);
    }

    public ClassifyConfig(long maxPromptChars, int maxOutputTokens) {
        this(maxPromptChars, maxOutputTokens, DEFAULT_MAX_RECORD_BYTES);
    }

    public ClassifyConfig(long maxPromptChars, int maxOutputTokens, int maxRecordBytes) {
        this(maxPromptChars, maxOutputTokens, maxRecordBytes, DEFAULT_CACHE_SIZE);
    }

    public ClassifyConfig {
        if (maxPromptChars <= 0 || maxOutputTokens <= 0 || maxRecordBytes <= 0) {
            throw new IllegalArgumentException("classify limits must be positive");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("classify cache-size must not be negative, was " + cacheSize);
        }
    }
}
