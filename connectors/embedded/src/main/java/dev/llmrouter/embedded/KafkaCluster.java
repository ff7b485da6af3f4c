package dev.llmrouter.embedded;

/** A running Kafka cluster that tests and the demo connect to, wherever it runs. */
public interface KafkaCluster extends AutoCloseable {

    /** The {@code bootstrap.servers} value for clients. */
    String bootstrapServers();

    /** Stops the cluster and removes what it wrote. */
    @Override
    void close();
}
