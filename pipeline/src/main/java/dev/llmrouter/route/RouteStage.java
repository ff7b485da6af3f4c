package dev.llmrouter.route;

import dev.llmrouter.metrics.RouteMetrics;
import dev.llmrouter.outcome.CountedAttempts;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.CacheStatus;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.topics.Topic;
import dev.llmrouter.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The route stage. For each classified request (keyed by user id, from the classify stage in the same
 * task or through {@code llm-requests-classified}) it reads the policy in force from
 * the global {@value #POLICY_STORE}, the user's and session's budgets, the prompt-cache status and
 * the instance's load, decides the model chain ({@link Router}), and either reserves the estimate and
 * dispatches, or answers REFUSED. A request of a tenant with a budget goes on through a repartition
 * by tenant, where the tenant's budget is checked and reserved the same way. Cost events charge, and
 * responses release, every budget holder (users and sessions in the user-partitioned tasks, tenants
 * through the same repartition), once per request and attempt (remembered in
 * {@value #CHARGED_ATTEMPTS_STORE} and {@value #TENANT_CHARGED_ATTEMPTS_STORE} for
 * {@link RouteConfig#dedupWindow()}); cost events also tell the
 * {@value #CACHE_STORE} which provider holds a prompt prefix warm.
 */
public final class RouteStage {

    public static final String NAME = "route";
    /** Spend per user, keyed by user id. */
    public static final String BUDGET_STORE = "budget-store";
    /** Spend per session, keyed by user and session. */
    public static final String SESSION_BUDGET_STORE = "session-budget-store";
    /** Spend per tenant, keyed by tenant, in tasks partitioned by tenant. */
    public static final String TENANT_BUDGET_STORE = "tenant-budget-store";
    /**
     * Which request#attempt pairs the user-partitioned tasks have charged; one pair per cost event
     * covers both the user's and the session's budget, charged together.
     */
    public static final String CHARGED_ATTEMPTS_STORE = "charged-attempts-store";
    /** Which request#attempt pairs the tenant-partitioned tasks have charged to tenants. */
    public static final String TENANT_CHARGED_ATTEMPTS_STORE = "tenant-charged-attempts-store";
    /** Which models hold a prompt prefix warm, keyed by user and prefix key. */
    public static final String CACHE_STORE = "cache-status-store";
    /** The published policy, read from the policy topic on every instance. */
    public static final String POLICY_STORE = "policy-store";

    private final Topics topics;
    private final Duration dedupWindow;
    private final RouteServices shared;

    public RouteStage(RouteConfig config, Topics topics, CostEstimator costs) {
        this.topics = topics;
        this.dedupWindow = config.dedupWindow();
        this.shared = new RouteServices(config.clock(), new Router(costs),
                new PolicySource(config.policy(), config.knownModel(), config.meters()), new LoadMonitor(config.meters()),
                new RouteMetrics(config.meters()));
    }

    /** Adds this stage's part of the topology, and its stores, reading classified requests from their topic. */
    public void addTo(StreamsBuilder builder) {
        addTo(builder, null);
    }

    /**
     * Adds this stage's part of the topology, and its stores, reading classified requests both from their
     * topic and, in the same task, from {@code handedOff} (keyed by user id and already in the partition of
     * the user's state; see {@code ClassifyStage#addHandingOff}).
     */
    public void addTo(StreamsBuilder builder, KStream<String, ClassifiedRequest> handedOff) {
        builder.globalTable(topics.policy().name(), Consumed.with(topics.policy().keySerde(), topics.policy().valueSerde())
                        .withName(NAME + "-policy-source"),
                Materialized.<String, dev.llmrouter.schema.PolicyRecord, KeyValueStore<Bytes, byte[]>>as(POLICY_STORE)
                        .withKeySerde(topics.policy().keySerde()).withValueSerde(topics.policy().valueSerde()));
        for (String store : List.of(BUDGET_STORE, SESSION_BUDGET_STORE, TENANT_BUDGET_STORE)) {
            // Cached: a user's record is written on reserve, charge and release, several times per commit
            // interval for an active user; only the last write per commit reaches RocksDB and the changelog.
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), topics.avroSerde(BudgetState.class)).withCachingEnabled());
        }
        builder.addStateStore(CountedAttempts.store(CHARGED_ATTEMPTS_STORE, dedupWindow));
        builder.addStateStore(CountedAttempts.store(TENANT_CHARGED_ATTEMPTS_STORE, dedupWindow));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CACHE_STORE),
                Serdes.String(), topics.avroSerde(CacheStatus.class)).withCachingEnabled());

        KStream<String, ClassifiedRequest> classified = stream(builder, topics.requestsClassified(), "-source");
        if (handedOff != null) {
            classified = classified.merge(handedOff, Named.as(NAME + "-handed-off"));
        }
        var byOutcome = classified
                .process(() -> new RouteProcessor(shared), Named.as(NAME), BUDGET_STORE, SESSION_BUDGET_STORE, CACHE_STORE)
                .split(Named.as(NAME + "-"))
                .branch((user, outcome) -> outcome instanceof Outcome.ToTenant, Branched.as("tenant"))
                .defaultBranch(Branched.as("decided"));
        KStream<String, Outcome> tenantChecked = byOutcome.get(NAME + "-tenant")
                .map((user, outcome) -> org.apache.kafka.streams.KeyValue.pair(((Outcome.ToTenant) outcome).tenant(),
                        ((Outcome.ToTenant) outcome).dispatch()), Named.as(NAME + "-key-by-tenant"))
                .repartition(Repartitioned.with(Serdes.String(), topics.dispatch().valueSerde()).withName(NAME + "-tenant-requests"))
                .process(() -> new TenantGate(shared), Named.as(NAME + "-tenant-gate"), TENANT_BUDGET_STORE);
        sink(byOutcome.get(NAME + "-decided").merge(tenantChecked, Named.as(NAME + "-merge")));

        KStream<String, CostEvent> costs = stream(builder, topics.costEvents(), "-cost-source");
        costs.process(() -> Settlement.charging(shared, List.of(BudgetHolder.USER, BudgetHolder.SESSION), CHARGED_ATTEMPTS_STORE),
                Named.as(NAME + "-charge"), BUDGET_STORE, SESSION_BUDGET_STORE, CHARGED_ATTEMPTS_STORE);
        costs.process(() -> new CacheFeedback(shared), Named.as(NAME + "-cache-feedback"), CACHE_STORE);
        costs.filter((user, event) -> event.getTenant() != null, Named.as(NAME + "-tenant-costs"))
                .selectKey((user, event) -> event.getTenant(), Named.as(NAME + "-cost-by-tenant"))
                .repartition(Repartitioned.with(Serdes.String(), topics.costEvents().valueSerde()).withName(NAME + "-tenant-costs"))
                .process(() -> Settlement.charging(shared, List.of(BudgetHolder.TENANT), TENANT_CHARGED_ATTEMPTS_STORE),
                        Named.as(NAME + "-tenant-charge"), TENANT_BUDGET_STORE, TENANT_CHARGED_ATTEMPTS_STORE);

        KStream<String, LlmResponse> responses = stream(builder, topics.responses(), "-response-source");
        responses.process(() -> Settlement.releasing(shared, List.of(BudgetHolder.USER, BudgetHolder.SESSION)),
                Named.as(NAME + "-release"), BUDGET_STORE, SESSION_BUDGET_STORE);
        responses.process(() -> new QualityLearning(shared), Named.as(NAME + "-quality-feedback"));
        responses.filter((user, response) -> response.getTenant() != null, Named.as(NAME + "-tenant-responses"))
                .selectKey((user, response) -> response.getTenant(), Named.as(NAME + "-response-by-tenant"))
                .repartition(Repartitioned.with(Serdes.String(), topics.responses().valueSerde()).withName(NAME + "-tenant-responses"))
                .process(() -> Settlement.releasing(shared, List.of(BudgetHolder.TENANT)), Named.as(NAME + "-tenant-release"),
                        TENANT_BUDGET_STORE);
    }

    /** Dispatches routed requests and answers refused ones, both keyed by user id. */
    private void sink(KStream<String, Outcome> outcomes) {
        outcomes.split(Named.as(NAME + "-out-"))
                .branch((user, outcome) -> outcome instanceof Outcome.Routed, Branched.withConsumer(routed -> routed
                        .mapValues(outcome -> ((Outcome.Routed) outcome).dispatch(), Named.as(NAME + "-dispatch"))
                        .to(topics.dispatch().name(), produced(topics.dispatch(), "-dispatch-sink")), "routed"))
                .defaultBranch(Branched.withConsumer(refused -> refused
                        .mapValues(outcome -> ((Outcome.Refused) outcome).response(), Named.as(NAME + "-refusal"))
                        .to(topics.responses().name(), produced(topics.responses(), "-refusal-sink")), "refused"));
    }

    private static <V> KStream<String, V> stream(StreamsBuilder builder, Topic<String, V> topic, String suffix) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName(NAME + suffix));
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic, String suffix) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(NAME + suffix);
    }

    /** What deciding a request produced. */
    sealed interface Outcome permits Outcome.Routed, Outcome.Refused, Outcome.ToTenant {

        record Routed(DispatchRecord dispatch) implements Outcome {
        }

        record Refused(LlmResponse response) implements Outcome {
        }

        /** Passed the user's and session's budgets; the tenant's is checked where tenants are partitioned. */
        record ToTenant(String tenant, DispatchRecord dispatch) implements Outcome {
        }
    }
}
