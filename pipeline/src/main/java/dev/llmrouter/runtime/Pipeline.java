package dev.llmrouter.runtime;

import dev.llmrouter.analytics.PremiumBaseline;
import dev.llmrouter.analytics.SpendConfig;
import dev.llmrouter.classify.CachingClassifier;
import dev.llmrouter.classify.PromptClassifier;
import dev.llmrouter.classify.TrainedClassifier;
import dev.llmrouter.http.WebServer;
import dev.llmrouter.metrics.Registries;
import dev.llmrouter.metrics.WorkerMetrics;
import dev.llmrouter.opinion.RatingCache;
import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.provider.ProviderRegistry;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RouteConfig;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.speculate.SpeculationScorer;
import dev.llmrouter.topics.TopicAdmin;
import dev.llmrouter.topics.Topics;
import dev.llmrouter.worker.AttemptChain;
import dev.llmrouter.worker.ProviderGuards;
import dev.llmrouter.worker.Worker;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    private final ProviderGuards guards;
    private final PrometheusMeterRegistry metrics;
    private final WebServer web;
    private final KafkaStreamsMetrics streamsMetrics;

    private Pipeline(Topics topics, RoutingPolicy policy, PriceCatalog catalog, StreamsApp streams, ProviderRegistry providers,
                     List<WorkerRunner> workers, ProviderGuards guards, PrometheusMeterRegistry metrics, WebServer web,
                     KafkaStreamsMetrics streamsMetrics) {
        this.topics = topics;
        this.policy = policy;
        this.catalog = catalog;
        this.streams = streams;
        this.providers = providers;
        this.workers = workers;
        this.guards = guards;
        this.metrics = metrics;
        this.web = web;
        this.streamsMetrics = streamsMetrics;
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
        // One registry per instance, never a global one: tests run several pipelines in one JVM.
        PrometheusMeterRegistry metrics = Registries.prometheus();
        // The server starts first so Streams can advertise its real port (0 in the config picks a free one).
        WebServer web = startWeb(config);
        PipelineConfig effective = web == null ? config : config.withHttp(config.http().withPort(web.port()));

        PromptClassifier classifier = CachingClassifier.bindTo(
                CachingClassifier.of(TrainedClassifier.bundled(), config.classify().cacheSize()), metrics);
        StreamsApp streams = runStreams ? new StreamsApp(PipelineTopology.build(topics, config.classify(), classifier,
                RouteConfig.of(policy).withKnownModels(pricing::knows).withMeters(metrics), pricing,
                SpendConfig.of(new PremiumBaseline(() -> policy, pricing))), effective) : null;
        KafkaStreamsMetrics streamsMetrics = null;
        if (streams != null) {
            streamsMetrics = new KafkaStreamsMetrics(streams.streams());
            streamsMetrics.bindTo(metrics);
            streams.start();
        }

        ProviderRegistry providers = ProviderRegistry.create(config.providers());
        // One set of circuit breakers and limits per instance: they describe the provider accounts, not a worker.
        ProviderGuards guards = new ProviderGuards(config.worker().resilience());
        WorkerMetrics workerMetrics = new WorkerMetrics(metrics);
        // Second-opinion ratings are kept per instance, like the guards: its workers share them.
        RatingCache ratings = new RatingCache().bindTo(metrics);
        List<WorkerRunner> workers = new ArrayList<>();
        for (int i = 0; i < config.workers(); i++) {
            WorkerRunner runner = new WorkerRunner("llm-router-worker-" + i, () -> new Worker(config.worker(), topics,
                    new AttemptChain(providers::get, pricing, config.worker().attemptTimeout(), guards,
                            SpeculationScorer.bundled(), ratings), config.kafka(), workerMetrics));
            runner.start();
            workers.add(runner);
        }
        Pipeline pipeline = new Pipeline(topics, policy, catalog, streams, providers, workers, guards, metrics, web, streamsMetrics);
        WorkerMetrics.inFlightGauge(metrics, pipeline::inFlight);
        if (web != null) {
            PipelineEndpoints.register(web, pipeline, effective);
        }
        try {
            if (streams != null) {
                streams.awaitRunning(Duration.ofSeconds(120));
            }
        } catch (RuntimeException | InterruptedException e) {
            pipeline.close();
            throw e;
        }
        log.info("Pipeline running: policy {}, price catalog {}, {} worker(s){}", policy.version(), catalog.version(), workers.size(),
                web == null ? "" : "; dashboard at " + web.baseUrl() + "/dashboard/, metrics at " + web.baseUrl() + "/metrics");
        return pipeline;
    }

    private static WebServer startWeb(PipelineConfig config) {
        if (!config.http().enabled()) {
            return null;
        }
        try {
            return WebServer.start(config.http());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for HTTP on " + config.http().bindAddress() + ":" + config.http().port()
                    + " (set http.port, or 0 for a free port): " + e.getMessage(), e);
        }
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

    /** The instance's HTTP server, when enabled: features such as an ingress add their routes to it. */
    public Optional<WebServer> web() {
        return Optional.ofNullable(web);
    }

    /** The instance's meters, served at {@code GET /metrics}. */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** The circuit breakers and limits in front of the providers, shared by this instance's workers. */
    public ProviderGuards guards() {
        return guards;
    }

    /** Worker instances in this process. */
    public int workerCount() {
        return workers.size();
    }

    /** Provider calls in flight across this instance's workers. */
    public int inFlight() {
        return workers.stream().mapToInt(WorkerRunner::inFlight).sum();
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
        workers.forEach(WorkerRunner::close);
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (streams != null) {
            streams.close();
        }
        providers.close();
        metrics.close();
    }
}
