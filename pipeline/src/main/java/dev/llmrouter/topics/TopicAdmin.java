package dev.llmrouter.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the pipeline's topics explicitly, with their partition counts and configs. */
public final class TopicAdmin {

    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);
    private static final Duration METADATA_PROPAGATION = Duration.ofSeconds(10);

    private TopicAdmin() {
    }

    /**
     * Creates every missing topic and checks that existing ones have the expected partition count:
     * user-keyed topics that disagree would silently break co-partitioning, so that is an error.
     */
    public static void ensureTopics(Map<String, Object> adminConfig, List<Topic<?, ?>> topics, short replicationFactor) {
        try (Admin admin = Admin.create(adminConfig)) {
            List<NewTopic> wanted = new ArrayList<>();
            for (Topic<?, ?> topic : topics) {
                wanted.add(new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(topic.configs()));
            }
            admin.createTopics(wanted).values().forEach((name, future) -> {
                try {
                    future.get();
                    log.info("Created topic {}", name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while creating topic " + name, e);
                }
            });
            Map<String, TopicDescription> described = describe(admin, topics);
            for (Topic<?, ?> topic : topics) {
                int actual = described.get(topic.name()).partitions().size();
                if (actual != topic.partitions()) {
                    throw new IllegalStateException("Topic " + topic.name() + " has " + actual + " partitions, expected "
                            + topic.partitions() + ": user-keyed topics must share one partition count to stay co-partitioned");
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not describe the pipeline's topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking topics", e);
        }
    }

    /**
     * A topic just created is known to the controller before every broker's metadata has it: describing it
     * at once can fail with UnknownTopicOrPartition for a moment, so that is retried briefly.
     */
    private static Map<String, TopicDescription> describe(Admin admin, List<Topic<?, ?>> topics)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + METADATA_PROPAGATION.toNanos();
        while (true) {
            try {
                return admin.describeTopics(topics.stream().map(Topic::name).toList()).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
