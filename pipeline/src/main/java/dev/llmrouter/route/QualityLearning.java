package dev.llmrouter.route;

import dev.llmrouter.quality.QualityFeedback;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PolicyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Ratings of real answers move the selection's per-(category, model) quality estimates, so traffic
 * follows the cheapest model that keeps meeting the bar. Only a policy that selects needs them.
 */
final class QualityLearning implements Processor<String, LlmResponse, Void, Void> {

    private final RouteServices shared;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<PolicyRecord>> policies;

    QualityLearning(RouteServices shared) {
        this.shared = shared;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.policies = RouteServices.policyStore(context);
    }

    @Override
    public void process(Record<String, LlmResponse> record) {
        if (record.value() != null && shared.policy(policies).selection() != null) {
            QualityFeedback.observe(shared.router().costAware().selector().qualities(), record.value());
        }
    }
}
