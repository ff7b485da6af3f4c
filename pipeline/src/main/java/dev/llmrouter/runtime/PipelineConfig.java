package dev.llmrouter.runtime;

import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.http.HttpSettings;
import dev.llmrouter.ingress.IngressConfig;
import dev.llmrouter.provider.ProviderConfig;
import dev.llmrouter.worker.WorkerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one pipeline instance needs, typed. Built by {@link ConfigLoader} from YAML, or in code
 * by the demo and tests.
 *
 * @param kafka             client settings shared by every Kafka client: {@code bootstrap.servers} and any
 *                          security settings (SASL, TLS), passed through unchanged
 * @param serde             serde settings: {@code schema.registry.url}, {@code auto.register.schemas}, ...
 * @param partitions        partition count of the user-keyed topics
 * @param replicationFactor of the topics the pipeline creates
 * @param streams           the Streams application (classify and route)
 * @param classify          the classify stage
 * @param worker            the workers
 * @param workers           worker instances to run in this process (0 for a streams-only instance)
 * @param providers         the providers the workers may call, by id
 * @param policyFile        routing policy; null for the bundled one
 * @param priceCatalog      price catalog; null for the bundled one
 * @param ingress           the OpenAI-compatible HTTP ingress (the data plane; its own port)
 * @param http              the instance's HTTP server: metrics, queries, dashboard (the control plane)
 */
public record PipelineConfig(Map<String, Object> kafka, Map<String, Object> serde, int partitions, short replicationFactor,
                             StreamsSettings streams, ClassifyConfig classify, WorkerConfig worker, int workers,
                             List<ProviderConfig> providers, Path policyFile, Path priceCatalog, IngressConfig ingress,
                             HttpSettings http) {

    /** Without an ingress or an HTTP server (both stay off). */
    public PipelineConfig(Map<String, Object> kafka, Map<String, Object> serde, int partitions, short replicationFactor,
                          StreamsSettings streams, ClassifyConfig classify, WorkerConfig worker, int workers,
                          List<ProviderConfig> providers, Path policyFile, Path priceCatalog) {
        this(kafka, serde, partitions, replicationFactor, streams, classify, worker, workers, providers, policyFile, priceCatalog,
                IngressConfig.defaults(), HttpSettings.disabled());
    }

    public PipelineConfig {
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(http, "http");
        kafka = Map.copyOf(kafka);
        serde = Map.copyOf(serde);
        providers = List.copyOf(providers);
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is required");
        }
        if (!serde.containsKey("schema.registry.url")) {
            throw new IllegalArgumentException("serde.schema.registry.url is required");
        }
        if (partitions <= 0 || replicationFactor <= 0) {
            throw new IllegalArgumentException("partitions and replication factor must be positive");
        }
    }

    public PipelineConfig withWorkers(int count) {
        return new PipelineConfig(kafka, serde, partitions, replicationFactor, streams, classify, worker, count, providers,
                policyFile, priceCatalog, ingress, http);
    }

    public PipelineConfig withStreams(StreamsSettings settings) {
        return new PipelineConfig(kafka, serde, partitions, replicationFactor, settings, classify, worker, workers, providers,
                policyFile, priceCatalog, ingress, http);
    }

    public PipelineConfig withPolicyFile(Path file) {
        return new PipelineConfig(kafka, serde, partitions, replicationFactor, streams, classify, worker, workers, providers,
                file, priceCatalog, ingress, http);
    }

    public PipelineConfig withIngress(IngressConfig settings) {
        return new PipelineConfig(kafka, serde, partitions, replicationFactor, streams, classify, worker, workers, providers,
                policyFile, priceCatalog, settings, http);
    }

    public PipelineConfig withHttp(HttpSettings settings) {
        return new PipelineConfig(kafka, serde, partitions, replicationFactor, streams, classify, worker, workers, providers,
                policyFile, priceCatalog, ingress, settings);
    }
}
