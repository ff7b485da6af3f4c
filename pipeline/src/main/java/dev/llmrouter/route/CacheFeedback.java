package dev.llmrouter.route;

import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptBilling;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CacheStatus;
import dev.llmrouter.schema.LlmResponse;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Learns from answered requests which provider caches hold a prompt prefix: a successful call that sent the
 * decision's prefix leaves it in that model's cache (providers cache a prefix when they first process it, and
 * refresh it on every read) until the provider's TTL after the call.
 */
final class CacheFeedback {

    private final KeyValueStore<String, CacheStatus> caches;

    CacheFeedback(KeyValueStore<String, CacheStatus> caches) {
        this.caches = caches;
    }

    /** Marks every model the response's calls warmed, and drops the entries of its prefix that expired by {@code now}. */
    void observe(LlmResponse response, CacheRules rules, long now) {
        for (Attempt attempt : response.getAttempts()) {
            AttemptBilling billing = attempt.getBilling();
            if (billing == null || billing.getCacheKey() == null || attempt.getOutcome() != AttemptOutcome.SUCCESS) {
                continue;
            }
            String provider = attempt.getTarget().getProvider();
            long until = billing.getOccurredAt().plus(rules.ttlOf(provider)).toEpochMilli();
            String key = PromptPrefix.storeKey(response.getUserId(), billing.getCacheKey());
            CacheStatus status = caches.get(key);
            Map<String, Long> warm = new HashMap<>(status == null ? Map.of() : status.getWarmUntil());
            warm.values().removeIf(expiry -> expiry <= now);
            warm.merge(provider + "/" + attempt.getTarget().getModel(), until, Math::max);
            caches.put(key, new CacheStatus(billing.getCacheKey(), warm));
        }
    }
}
