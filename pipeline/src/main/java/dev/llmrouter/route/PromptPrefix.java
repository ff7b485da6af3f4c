package dev.llmrouter.route;

import dev.llmrouter.schema.PromptRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The cacheable prefix of a request: its system prompt, when long enough for providers to cache. Its
 * key names the prompt by digest (never by text) and whose requests share it, the session or the user.
 *
 * @param key    {@code <sha-256 of the system prompt, base64url>@s:<session>} or {@code ...@u:<user>}
 * @param tokens estimated tokens of the prefix (characters / 4, as the classifier estimates input)
 */
record PromptPrefix(String key, long tokens) {

    static Optional<PromptPrefix> of(PromptRequest request, CacheRules rules) {
        String system = request.getSystemPrompt();
        if (!rules.enabled() || system == null) {
            return Optional.empty();
        }
        long tokens = (system.length() + 3) / 4;
        if (tokens < rules.minPrefixTokens()) {
            return Optional.empty();
        }
        String owner = rules.scope() == CacheRules.Scope.SESSION && request.getSessionId() != null
                ? "s:" + request.getSessionId() : "u:" + request.getUserId();
        return Optional.of(new PromptPrefix(digest(system) + "@" + owner, tokens));
    }

    /** The cache-status store key: the user first, so the store stays partitioned like the requests. */
    static String storeKey(String userId, String cacheKey) {
        return userId.length() + ":" + userId + "|" + cacheKey;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
