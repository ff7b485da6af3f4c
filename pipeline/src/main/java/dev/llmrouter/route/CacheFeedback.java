package dev.llmrouter.route;

import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CacheStatus;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.PolicyRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Learns from the workers' cost events which provider caches hold a prompt prefix: a successful call
 * with the decision's prefix key leaves the prefix in that model's cache (providers cache a prefix
 * when they first process it, and refresh it on every read) until the provider's TTL after the call.
 */
final class CacheFeedback implements Processor<String, CostEvent, Void, Void> {

    private final RouteServices shared;
    private KeyValueStore<String, CacheStatus> caches;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<PolicyRecord>> policyStore;

    CacheFeedback(RouteServices shared) {
        this.shared = shared;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.caches = context.getStateStore(RouteStage.CACHE_STORE);
        this.policyStore = RouteServices.policyStore(context);
    }

    @Override
    public void process(Record<String, CostEvent> record) {
        CostEvent event = record.value();
        if (event.getCacheKey() == null || event.getOutcome() != AttemptOutcome.SUCCESS) {
            return;
        }
        CacheRules rules = shared.policy(policyStore).cache();
        long until = event.getOccurredAt().plus(rules.ttlOf(event.getProvider())).toEpochMilli();
        long now = shared.clock().millis();
        String key = PromptPrefix.storeKey(event.getUserId(), event.getCacheKey());
        CacheStatus status = caches.get(key);
        Map<String, Long> warm = new HashMap<>(status == null ? Map.of() : status.getWarmUntil());
        warm.values().removeIf(expiry -> expiry <= now);
        warm.merge(event.getProvider() + "/" + event.getModel(), until, Math::max);
        caches.put(key, new CacheStatus(event.getCacheKey(), warm));
    }
}
