package dev.llmrouter.demo;

import dev.llmrouter.embedded.EmbeddedKafka;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.provider.ApiKey;
import dev.llmrouter.provider.ProviderConfig;
import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import dev.llmrouter.simulator.WireFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The real parts the pipeline needs, started locally: a Kafka broker (KRaft, in-process), the schema
 * registry (child process) and the provider simulator (HTTP on 127.0.0.1). For the demo and benchmarks.
 */
public final class EmbeddedStack implements AutoCloseable {

    /** The key the simulated providers accept; not a secret, and not any real provider's key. */
    private static final ApiKey SIMULATOR_KEY = ApiKey.of("sim-local-key");

    private final EmbeddedKafka kafka;
    private final SchemaRegistryProcess registry;
    private final ProviderSimulator simulator;

    private EmbeddedStack(EmbeddedKafka kafka, SchemaRegistryProcess registry, ProviderSimulator simulator) {
        this.kafka = kafka;
        this.registry = registry;
        this.simulator = simulator;
    }

    /** Starts all three, reporting progress on {@code out}. */
    public static EmbeddedStack start(SimulatorConfig simulatorConfig, PrintStream out) throws IOException {
        out.println("  starting Kafka broker (KRaft, in-process) ...");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        out.println("  starting schema registry (Apicurio, Confluent-compatible API) ...");
        SchemaRegistryProcess registry;
        try {
            registry = SchemaRegistryProcess.start();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        out.println("  starting provider simulator (OpenAI, Anthropic and Gemini wire formats) ...");
        ProviderSimulator simulator = ProviderSimulator.start(simulatorConfig);
        return new EmbeddedStack(kafka, registry, simulator);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public ProviderSimulator simulator() {
        return simulator;
    }

    /** Providers under the ids the price catalog uses, each pointed at this stack's simulator in its wire format. */
    public List<ProviderConfig> simulatedProviders() {
        return simulatedProviders(simulator::baseUrl);
    }

    /** Providers under the ids the price catalog uses, each pointed at a simulator's base URL for its wire format. */
    public static List<ProviderConfig> simulatedProviders(Function<WireFormat, URI> baseUrl) {
        return List.of(
                provider("openai", WireFormat.OPENAI, baseUrl),
                provider("anthropic", WireFormat.ANTHROPIC, baseUrl),
                provider("gemini", WireFormat.GEMINI, baseUrl),
                provider("deepseek", WireFormat.OPENAI, baseUrl),
                provider("mistral", WireFormat.OPENAI, baseUrl));
    }

    private static ProviderConfig provider(String id, WireFormat format, Function<WireFormat, URI> baseUrl) {
        return new ProviderConfig(id, format.id(), baseUrl.apply(format), SIMULATOR_KEY, Duration.ofSeconds(5), Map.of());
    }

    @Override
    public void close() {
        simulator.close();
        registry.close();
        kafka.close();
    }
}
