package dev.llmrouter.route;

import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PolicyRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force: the one the instance started with until a policy is published on the policy
 * topic, then the latest valid published one. Every stream task reads the published record from the
 * global policy store; the first to see a new record validates it, and an invalid one is logged with
 * its located error, counted, and otherwise ignored, so the last good policy stays in force. Shared by
 * an instance's tasks; thread-safe.
 */
final class PolicySource {

    /** The key of the one record on the policy topic. */
    static final String POLICY_KEY = "routing-policy";

    private static final Logger log = LoggerFactory.getLogger(PolicySource.class);

    private final Predicate<ModelRef> knownModel;
    private final Counter applied;
    private final Counter rejected;
    private RoutingPolicy current;
    private String seen = "";

    PolicySource(RoutingPolicy initial, Predicate<ModelRef> knownModel, MeterRegistry meters) {
        this.current = initial;
        this.knownModel = knownModel;
        this.applied = Counter.builder("llmrouter.policy.updates").tag("result", "applied")
                .description("Published policies applied").register(meters);
        this.rejected = Counter.builder("llmrouter.policy.updates").tag("result", "rejected")
                .description("Published policies rejected as invalid; the last good one stays in force").register(meters);
    }

    synchronized RoutingPolicy current(ReadOnlyKeyValueStore<String, ValueAndTimestamp<PolicyRecord>> store) {
        PolicyRecord published;
        try {
            ValueAndTimestamp<PolicyRecord> value = store.get(POLICY_KEY);
            published = value == null ? null : value.value();
        } catch (RuntimeException e) {
            // An unreadable record restored into the global store: keep the last good policy.
            if (!seen.equals("unreadable")) {
                seen = "unreadable";
                rejected.increment();
                log.error("Published policy is unreadable; keeping policy {}: {}", current.version(), e.toString());
            }
            return current;
        }
        if (published == null) {
            return current;
        }
        String identity = published.getVersion() + "@" + published.getPublishedAt().toEpochMilli();
        if (identity.equals(seen)) {
            return current;
        }
        seen = identity;
        String source = "llm-policy:" + (published.getSource().isEmpty() ? published.getVersion() : published.getSource());
        try {
            RoutingPolicy policy = PolicyLoader.parse(published.getYaml(), source, knownModel);
            log.info("Applying published policy {} (was {})", policy.version(), current.version());
            current = policy;
            applied.increment();
        } catch (PolicyLoader.InvalidPolicyException e) {
            rejected.increment();
            log.error("Rejected published policy {}; keeping policy {}: {}", published.getVersion(), current.version(), e.getMessage());
        }
        return current;
    }
}
