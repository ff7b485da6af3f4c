package dev.llmrouter.route;

import dev.llmrouter.route.BudgetHolder.Identity;
import dev.llmrouter.schema.CacheStatus;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.PolicyRecord;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RoutingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Decides each classified request in the task that owns its user: reads the user's and session's
 * budgets and the prompt-cache status, asks the {@link Router}, then refuses at a hard limit or
 * reserves the estimate and passes the request on (to the tenant check when its tenant has a budget).
 */
final class RouteProcessor implements Processor<String, ClassifiedRequest, String, RouteStage.Outcome> {

    private static final Duration SWEEP_EVERY = Duration.ofMinutes(10);

    private final RouteServices shared;
    private ProcessorContext<String, RouteStage.Outcome> context;
    private BudgetBook budgets;
    private KeyValueStore<String, CacheStatus> caches;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<PolicyRecord>> policyStore;

    RouteProcessor(RouteServices shared) {
        this.shared = shared;
    }

    @Override
    public void init(ProcessorContext<String, RouteStage.Outcome> context) {
        this.context = context;
        this.budgets = new BudgetBook(context, List.of(BudgetHolder.USER, BudgetHolder.SESSION));
        this.caches = context.getStateStore(RouteStage.CACHE_STORE);
        this.policyStore = RouteServices.policyStore(context);
        StoreJanitor janitor = new StoreJanitor(context.getStateStore(RouteStage.SESSION_BUDGET_STORE), caches);
        context.schedule(SWEEP_EVERY, PunctuationType.WALL_CLOCK_TIME,
                timestamp -> janitor.sweep(shared.policy(policyStore), shared.clock().instant()));
    }

    @Override
    public void process(Record<String, ClassifiedRequest> record) {
        ClassifiedRequest classified = record.value();
        PromptRequest request = classified.getRequest();
        Instant now = shared.clock().instant();
        RoutingPolicy policy = shared.policy(policyStore);
        List<BudgetBook.Entry> entries = budgets.entries(policy, new Identity(request.getUserId(), request.getSessionId(),
                request.getTenant()), now);
        Optional<PromptPrefix> prefix = PromptPrefix.of(request, policy.cache());
        Map<String, Long> warm = prefix.map(p -> caches.get(PromptPrefix.storeKey(request.getUserId(), p.key())))
                .map(CacheStatus::getWarmUntil).orElse(Map.of());
        RoutingContext routing = new RoutingContext(now, entries.stream().map(BudgetBook.Entry::usage).toList(),
                shared.load().record(now, policy.load()), prefix, warm);
        RoutingDecision decision = shared.router().decide(classified, policy, routing);

        boolean tenantLimited = policy.budgets().tenant(request.getTenant()).isPresent();
        RouteStage.Outcome outcome = BudgetGate.admit(shared, budgets, entries, request, classified.getClassification(), decision, now,
                dispatch -> tenantLimited ? new RouteStage.Outcome.ToTenant(request.getTenant(), dispatch) : routed(dispatch));
        context.forward(record.withKey(request.getUserId()).withValue(outcome));
    }

    private RouteStage.Outcome routed(DispatchRecord dispatch) {
        shared.metrics().routed(dispatch.getDecision());
        return new RouteStage.Outcome.Routed(dispatch);
    }
}
