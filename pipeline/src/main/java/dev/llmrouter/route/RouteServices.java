package dev.llmrouter.route;

import dev.llmrouter.metrics.RouteMetrics;
import dev.llmrouter.schema.PolicyRecord;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** What the route stage's processors share within an instance: clock, router, policy, load monitor, meters. */
record RouteServices(Clock clock, Router router, PolicySource policies, LoadMonitor load, RouteMetrics metrics) {

    /** The policy in force, as seen through a task's view of the global policy store. */
    RoutingPolicy policy(ReadOnlyKeyValueStore<String, ValueAndTimestamp<PolicyRecord>> store) {
        return policies.current(store);
    }

    static ReadOnlyKeyValueStore<String, ValueAndTimestamp<PolicyRecord>> policyStore(ProcessorContext<?, ?> context) {
        return context.getStateStore(RouteStage.POLICY_STORE);
    }
}
