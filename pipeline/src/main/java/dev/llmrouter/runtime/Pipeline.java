package dev.llmrouter.runtime;

import dev.llmrouter.classify.TrainedClassifier;
import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.provider.ProviderRegistry;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RouteConfig;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.topics.TopicAdmin;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.AttemptChain;
import dev.llmrouter.worker.ProviderGuards;
import dev.llmrouter.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline instance: creates the topics, runs the Streams application (classify and route) and
 * the configured number of workers. Instances scale out by partitions: start more with the same
 * configuration on other machines.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final Topics topics;
    private final RoutingPolicy policy;
    private final PriceCatalog catalog;
    private final StreamsApp streams;
    private final ProviderRegistry providers;
    private final List<WorkerRunner> workers;

    private Pipeline(Topics topics, RoutingPolicy policy, PriceCatalog catalog, StreamsApp streams, ProviderRegistry providers,
                     List<WorkerRunner> workers) {
        this.topics = topics;
        this.policy = policy;
        this.catalog = catalog;
        this.streams = streams;
        this.providers = providers;
        this.workers = workers;
    }

    /** Starts everything and returns once the Streams application is running. */
    public static Pipeline start(PipelineConfig config) throws InterruptedException {
        return start(config, true);
    }

    /**
     * Starts the workers and, when {@code runStreams}, the Streams application; instances that only run
     * workers scale the provider calls independently of classify and route.
     */
    public static Pipeline start(PipelineConfig config, boolean runStreams) throws InterruptedException {
        Topics topics = new Topics(config.partitions(), config.serde());
        TopicAdmin.ensureTopics(config.kafka(), topics.all(), config.replicationFactor());

        PriceCatalog catalog = config.priceCatalog() == null ? PriceCatalog.load() : PriceCatalog.load(config.priceCatalog());
        CatalogPricing pricing = new CatalogPricing(catalog);
        RoutingPolicy policy = loadPolicy(config, pricing);

        StreamsApp streams = runStreams ? new StreamsApp(PipelineTopology.build(topics, config.classify(), TrainedClassifier.bundled(),
                RouteConfig.of(policy).withKnownModels(pricing::knows), pricing), config) : null;
        if (streams != null) {
            streams.start();
        }

        ProviderRegistry providers = ProviderRegistry.create(config.providers());
        // One set of circuit breakers and limits per instance: they describe the provider accounts, not a worker.
        ProviderGuards guards = new ProviderGuards(config.worker().resilience());
        List<WorkerRunner> workers = new ArrayList<>();
        for (int i = 0; i < config.workers(); i++) {
            WorkerRunner runner = new WorkerRunner("llm-router-worker-" + i, () -> new Worker(config.worker(), topics,
                    new AttemptChain(providers::get, pricing, config.worker().attemptTimeout(), guards), config.kafka()));
            runner.start();
            workers.add(runner);
        }
        Pipeline pipeline = new Pipeline(topics, policy, catalog, streams, providers, workers);
        try {
            if (streams != null) {
                streams.awaitRunning(Duration.ofSeconds(120));
            }
        } catch (RuntimeException | InterruptedException e) {
            pipeline.close();
            throw e;
        }
        log.info("Pipeline running: policy {}, price catalog {}, {} worker(s)", policy.version(), catalog.version(), workers.size());
        return pipeline;
    }

    private static RoutingPolicy loadPolicy(PipelineConfig config, CatalogPricing pricing) {
        return config.policyFile() == null
                ? PolicyLoader.bundled(pricing::knows)
                : PolicyLoader.load(config.policyFile(), pricing::knows);
    }

    public Topics topics() {
        return topics;
    }

    public RoutingPolicy policy() {
        return policy;
    }

    public PriceCatalog catalog() {
        return catalog;
    }

    /** The Streams application, when this instance runs it. */
    public Optional<StreamsApp> streams() {
        return Optional.ofNullable(streams);
    }

    /** Provider calls in flight across this instance's workers. */
    public int inFlight() {
        return workers.stream().mapToInt(WorkerRunner::inFlight).sum();
    }

    @Override
    public void close() {
        workers.forEach(WorkerRunner::close);
        if (streams != null) {
            streams.close();
        }
        providers.close();
    }
}
