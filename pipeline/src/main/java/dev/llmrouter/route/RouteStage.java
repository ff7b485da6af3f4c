package dev.llmrouter.route;

import dev.llmrouter.metrics.RouteMetrics;
import dev.llmrouter.schema.BudgetState;
import dev.llmrouter.schema.CacheStatus;
import dev.llmrouter.schema.ClassifiedRequest;
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
 * by tenant, where the tenant's budget is checked and reserved the same way. Each response settles its
 * request with every budget holder (users and sessions in the user-partitioned tasks, tenants through
 * the same repartition): it charges what its attempts billed, once per request (remembered in
 * {@value #SETTLED_STORE} and {@value #TENANT_SETTLED_STORE} for {@link RouteConfig#dedupWindow()}), and
 * releases the reservation ({@link Settlement}); it also tells the {@value #CACHE_STORE} which provider
 * holds a prompt prefix warm. The workers' cost events carry the same figures, call by call, for
 * analytics; the route stage does not read them.
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
     * Which requests the user-partitioned tasks have settled; one entry per request covers both the user's
     * and the session's budget, settled together.
     */
    public static final String SETTLED_STORE = "settled-requests-store";
    /** Which requests the tenant-partitioned tasks have settled with tenants. */
    public static final String TENANT_SETTLED_STORE = "tenant-settled-requests-store";
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

    /**
     * Adds this stage's part of the topology, and its stores, reading classified requests from their topic.
     *
     * @return the responses that settled a request for the first time, keyed by user id
     */
    public KStream<String, LlmResponse> addTo(StreamsBuilder builder) {
        return addTo(builder, null);
    }

    /**
     * Adds this stage's part of the topology, and its stores, reading classified requests both from their
     * topic and, in the same task, from {@code handedOff} (keyed by user id and already in the partition of
     * the user's state; see {@code ClassifyStage#addHandingOff}).
     *
     * @return the responses that settled a request for the first time, keyed by user id: each answered request
     *         once, for aggregates downstream
     */
    public KStream<String, LlmResponse> addTo(StreamsBuilder builder, KStream<String, ClassifiedRequest> handedOff) {
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
        builder.addStateStore(SettledRequests.store(SETTLED_STORE, dedupWindow));
        builder.addStateStore(SettledRequests.store(TENANT_SETTLED_STORE, dedupWindow));
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

        KStream<String, LlmResponse> responses = stream(builder, topics.responses(), "-response-source");
        KStream<String, LlmResponse> settled = responses.process(() -> Settlement.ofUsers(shared), Named.as(NAME + "-settle"),
                BUDGET_STORE, SESSION_BUDGET_STORE, SETTLED_STORE, CACHE_STORE);
        responses.filter((user, response) -> response.getTenant() != null, Named.as(NAME + "-tenant-responses"))
                .selectKey((user, response) -> response.getTenant(), Named.as(NAME + "-response-by-tenant"))
                .repartition(Repartitioned.with(Serdes.String(), topics.responses().valueSerde()).withName(NAME + "-tenant-responses"))
                .process(() -> Settlement.ofTenants(shared), Named.as(NAME + "-tenant-settle"), TENANT_BUDGET_STORE, TENANT_SETTLED_STORE);
        return settled;
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
