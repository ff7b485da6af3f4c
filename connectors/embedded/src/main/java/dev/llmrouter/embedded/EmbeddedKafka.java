package dev.llmrouter.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode, running in this JVM: one combined broker/controller node
 * on random localhost ports, its data under {@code java.io.tmpdir}, deleted on {@link #close()}.
 *
 * <p>Built on Kafka's own cluster test kit. That kit is internal API that changes between Kafka
 * versions, so this class uses only the handful of calls that have stayed put.
 */
public final class EmbeddedKafka implements KafkaCluster {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final Map<String, String> BROKER_DEFAULTS = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "4",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "4",
            "group.initial.rebalance.delay.ms", "0",
            // Topics are created explicitly with their partition counts and configs.
            "auto.create.topics.enable", "false");

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.bootstrapServers = cluster.bootstrapServers();
    }

    /** Starts a single-node cluster with the defaults above. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /** Starts a single-node cluster; {@code brokerConfig} overrides or adds broker settings. */
    public static EmbeddedKafka start(Map<String, String> brokerConfig) {
        long started = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadata(productionFeatures())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            BROKER_DEFAULTS.forEach(builder::setConfigProp);
            brokerConfig.forEach(builder::setConfigProp);
            cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafka kafka = new EmbeddedKafka(cluster);
            log.info("Kafka broker (KRaft, in-process) ready at {} in {} ms",
                    kafka.bootstrapServers, (System.nanoTime() - started) / 1_000_000);
            return kafka;
        } catch (Exception e) {
            if (cluster != null) {
                closeQuietly(cluster);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * The feature levels {@code kafka-storage format} gives a new cluster of this Kafka release. Left to itself the
     * kit finalizes only {@code metadata.version}, at a testing-only level newer than real brokers run, and given a
     * metadata version it finalizes that alone: such a broker runs transactions on the old protocol (a client round
     * trip to the coordinator for every partition a transaction adds) and knows neither the new consumer nor the
     * streams group protocol, unlike any broker a user formats.
     */
    static BootstrapMetadata productionFeatures() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> levels = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            levels.put(feature.featureName(), feature.defaultLevel(version));
        }
        return BootstrapMetadata.fromVersions(version, levels, "llm-router embedded broker");
    }

    /** The test kit's formatter prints to standard output, which belongs to the caller (e.g. a --json report). */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        closeQuietly(cluster);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            log.warn("Embedded Kafka did not shut down cleanly: {}", e.toString());
        }
    }
}
