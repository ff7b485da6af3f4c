package dev.llmrouter.embedded.junit;

import dev.llmrouter.embedded.EmbeddedKafka;
import dev.llmrouter.embedded.KafkaCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class its own real Kafka broker (KRaft): Testcontainers' Kafka where a Docker engine
 * is present, the in-process broker otherwise. Declare a {@link KafkaCluster} parameter on a
 * constructor, a {@code @BeforeAll} method or a test; the broker lives as long as the test class.
 *
 * <p>Set the system property {@code llmrouter.kafka=embedded} or {@code =container} to force a choice.
 */
public final class KafkaExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent("cluster", key -> startCluster(), KafkaCluster.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static KafkaCluster startCluster() {
        String choice = System.getProperty("llmrouter.kafka", "auto");
        boolean container = switch (choice) {
            case "container" -> true;
            case "embedded" -> false;
            default -> ContainerKafka.dockerAvailable();
        };
        return container ? ContainerKafka.start() : EmbeddedKafka.start();
    }
}
