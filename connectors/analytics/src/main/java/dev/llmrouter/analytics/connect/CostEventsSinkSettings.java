package dev.llmrouter.analytics.connect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What differs between deployments of the cost-events sink: where Kafka, the registry and PostgreSQL are, the REST
 * listener and the replication factor of the topics Connect creates. Applied on top of the shipped worker and
 * connector properties ({@link ConnectProperties}), so everything else stays as reviewed in {@code config/connect/}.
 *
 * @param bootstrapServers     Kafka's {@code bootstrap.servers}
 * @param schemaRegistryUrl    base URL of the Confluent-compatible registry API
 * @param databaseUrl          JDBC URL of the analytics database
 * @param databaseUser         database user
 * @param passwordEnv          name of the environment variable holding the database password, or null for none;
 *                             the connector configuration refers to it ({@code ${env:NAME}}) and never holds the value
 * @param restListener         the worker's REST listener, e.g. {@code http://127.0.0.1:8083}
 * @param replicationFactor    replication factor of the dead-letter topic and the distributed worker's topics, or null
 *                             to keep the files' values
 */
public record CostEventsSinkSettings(String bootstrapServers, String schemaRegistryUrl, String databaseUrl,
                                     String databaseUser, String passwordEnv, String restListener,
                                     Integer replicationFactor) {

    public CostEventsSinkSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(databaseUser, "databaseUser");
        Objects.requireNonNull(restListener, "restListener");
    }

    /** {@code base} (a worker file) with this deployment's Kafka, listener and, for distributed workers, replication. */
    public Map<String, String> worker(Map<String, String> base) {
        Map<String, String> config = new LinkedHashMap<>(base);
        config.put("bootstrap.servers", bootstrapServers);
        config.put("listeners", restListener);
        if (replicationFactor != null && config.containsKey("config.storage.topic")) {
            for (String topic : new String[] {"config", "offset", "status"}) {
                config.put(topic + ".storage.replication.factor", replicationFactor.toString());
            }
        }
        return config;
    }

    /** {@code base} (the connector file) pointed at this deployment's registry and database. */
    public Map<String, String> sink(Map<String, String> base) {
        Map<String, String> config = new LinkedHashMap<>(base);
        config.put("value.converter.schema.registry.url", schemaRegistryUrl);
        config.put("connection.url", databaseUrl);
        config.put("connection.username", databaseUser);
        if (passwordEnv != null && System.getenv(passwordEnv) != null) {
            config.put("connection.password", "${env:" + passwordEnv + "}");
        } else {
            config.remove("connection.password");
        }
        if (replicationFactor != null) {
            config.put("errors.deadletterqueue.topic.replication.factor", replicationFactor.toString());
        }
        return config;
    }
}
