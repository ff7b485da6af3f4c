package dev.llmrouter.route;

import dev.llmrouter.outcome.Responses;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.topics.Topic;
import dev.llmrouter.topics.Topics;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The route stage (stateful, keyed by user id): for each classified request, picks the tier and model
 * chain under the routing policy, checks the user's budget in the {@value #BUDGET_STORE} store and
 * reserves the estimated cost, then writes a dispatch record; a request the budget cannot cover gets a
 * REFUSED response instead. Cost events charge the budget (once per request and attempt) and responses
 * release the reservation. All three inputs are keyed by user id and co-partitioned, so one task owns
 * each user's budget.
 */
public final class RouteStage {

    public static final String NAME = "route";
    public static final String BUDGET_STORE = "budget-store";

    private final RouteConfig config;
    private final Topics topics;
    private final Router router;

    public RouteStage(RouteConfig config, Topics topics, CostEstimator costs) {
        this.config = config;
        this.topics = topics;
        this.router = new Router(costs);
    }

    /** Adds this stage's part of the topology, and its budget store. */
    public void addTo(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUDGET_STORE),
                Serdes.String(), topics.avroSerde(BudgetState.class)));

        KStream<String, Outcome> outcomes = stream(builder, topics.requestsClassified(), "-source")
                .process(RouteProcessor::new, Named.as(NAME), BUDGET_STORE);
        outcomes.split(Named.as(NAME + "-"))
                .branch((user, outcome) -> outcome instanceof Routed, Branched.withConsumer(routed -> routed
                        .mapValues(outcome -> ((Routed) outcome).dispatch(), Named.as(NAME + "-dispatch"))
                        .to(topics.dispatch().name(), produced(topics.dispatch(), "-dispatch-sink")), "routed"))
                .defaultBranch(Branched.withConsumer(refused -> refused
                        .mapValues(outcome -> ((Refused) outcome).response(), Named.as(NAME + "-refusal"))
                        .to(topics.responses().name(), produced(topics.responses(), "-refusal-sink")), "refused"));

        stream(builder, topics.costEvents(), "-cost-source").process(
                () -> new BudgetUpdate<>(CostEvent::getUserId, this::charge), Named.as(NAME + "-charge"), BUDGET_STORE);
        stream(builder, topics.responses(), "-response-source").process(
                () -> new BudgetUpdate<>(LlmResponse::getUserId, RouteStage::release), Named.as(NAME + "-release"), BUDGET_STORE);
    }

    private static <V> KStream<String, V> stream(StreamsBuilder builder, Topic<String, V> topic, String suffix) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName(NAME + suffix));
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic, String suffix) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(NAME + suffix);
    }

    sealed interface Outcome permits Routed, Refused {
    }

    record Routed(DispatchRecord dispatch) implements Outcome {
    }

    record Refused(LlmResponse response) implements Outcome {
    }

    private final class RouteProcessor implements Processor<String, ClassifiedRequest, String, Outcome> {

        private ProcessorContext<String, Outcome> context;
        private KeyValueStore<String, BudgetState> budgets;

        @Override
        public void init(ProcessorContext<String, Outcome> context) {
            this.context = context;
            this.budgets = context.getStateStore(BUDGET_STORE);
        }

        @Override
        public void process(Record<String, ClassifiedRequest> record) {
            ClassifiedRequest classified = record.value();
            String user = classified.getRequest().getUserId();
            Instant now = Instant.now();
            RoutingPolicy policy = config.policy().get();
            RoutingDecision decision = router.decide(classified, policy, now);
            RoutingPolicy.Budget budget = policy.budgetOf(user);
            BudgetState state = BudgetLedger.current(budgets.get(user), user, budget.period(), now);
            if (BudgetLedger.wouldExceed(state, budget.limitMicros(), decision.getEstimatedCostMicros())) {
                String why = String.format(Locale.ROOT, "budget exhausted: spent %s + reserved %s + estimate %s exceeds the %s limit %s USD",
                        usd(state.getSpentMicros()), usd(state.getReservedMicros()), usd(decision.getEstimatedCostMicros()),
                        budget.period().name().toLowerCase(Locale.ROOT), usd(budget.limitMicros()));
                config.metrics().refused(decision, "budget");
                context.forward(record.withKey(user).withValue(new Refused(
                        Responses.refused(classified.getRequest(), classified.getClassification(), decision, why, now))));
                return;
            }
            config.metrics().routed(decision);
            budgets.put(user, BudgetLedger.reserve(state, classified.getRequest().getRequestId(), decision.getEstimatedCostMicros(), now));
            context.forward(record.withKey(user).withValue(new Routed(
                    new DispatchRecord(classified.getRequest(), classified.getClassification(), decision))));
        }

        private static String usd(long micros) {
            return java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
        }
    }

    /**
     * Applies one input record to its user's budget: a cost event charges it, a response releases its
     * reservation. Writes only when the state changed.
     */
    private final class BudgetUpdate<V> implements Processor<String, V, Void, Void> {

        private final Function<V, String> user;
        private final BudgetChange<V> change;
        private KeyValueStore<String, BudgetState> budgets;

        BudgetUpdate(Function<V, String> user, BudgetChange<V> change) {
            this.user = user;
            this.change = change;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.budgets = context.getStateStore(BUDGET_STORE);
        }

        @Override
        public void process(Record<String, V> record) {
            String holder = user.apply(record.value());
            BudgetState state = budgets.get(holder);
            BudgetState changed = change.apply(state, holder, record.value(), Instant.now());
            if (changed != state && changed != null) {
                budgets.put(holder, changed);
            }
        }
    }

    @FunctionalInterface
    private interface BudgetChange<V> {
        /** The new state, or {@code state} itself when nothing changes; {@code state} is null for a new holder. */
        BudgetState apply(BudgetState state, String holder, V value, Instant now);
    }

    private BudgetState charge(BudgetState state, String user, CostEvent event, Instant now) {
        BudgetState current = BudgetLedger.current(state, user, config.policy().get().budgetOf(user).period(), now);
        return BudgetLedger.charge(current, event, now);
    }

    private static BudgetState release(BudgetState state, String user, LlmResponse response, Instant now) {
        return state == null ? null : BudgetLedger.release(state, response.getRequestId(), now);
    }
}
