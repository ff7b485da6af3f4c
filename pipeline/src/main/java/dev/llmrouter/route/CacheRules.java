package dev.llmrouter.route;

import java.time.Duration;
import java.util.Map;

/**
 * How the route stage follows the providers' prompt caches.
 *
 * @param enabled         whether cache affinity may change a decision
 * @param minPrefixTokens shortest system prompt, in estimated tokens, that providers cache (1024 at OpenAI and Anthropic)
 * @param scope           whose requests share a cached prefix: one session's, or all of a user's
 * @param defaultTtl      how long a provider keeps a prefix after its last use, when {@code ttls} does not name it
 * @param ttls            per provider id
 */
public record CacheRules(boolean enabled, int minPrefixTokens, Scope scope, Duration defaultTtl, Map<String, Duration> ttls) {

    public CacheRules {
        ttls = Map.copyOf(ttls);
    }

    public static CacheRules defaults() {
        return new CacheRules(true, 1024, Scope.SESSION, Duration.ofMinutes(5), Map.of());
    }

    public Duration ttlOf(String provider) {
        return ttls.getOrDefault(provider, defaultTtl);
    }

    /** Whose requests share a cached prefix. */
    public enum Scope {
        SESSION, USER
    }
}
