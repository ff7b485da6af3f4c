package dev.llmrouter.cli;

import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.route.PolicyPublisher;
import dev.llmrouter.runtime.ConfigLoader;
import dev.llmrouter.runtime.PipelineConfig;
import dev.llmrouter.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with routing policies.",
        subcommands = {PolicyCommand.Validate.class, PolicyCommand.Publish.class})
final class PolicyCommand {

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a routing policy file; exit 0 when valid, 1 with the located error otherwise.")
    static final class Validate implements Callable<Integer> {

        @Parameters(index = "0", description = "Policy file (YAML).")
        Path file;

        @Override
        public Integer call() {
            PriceCatalog catalog = PriceCatalog.load();
            try {
                RoutingPolicy policy = PolicyLoader.load(file, model -> catalog.price(model.getProvider(), model.getModel()).isPresent());
                System.out.printf("%s: valid (version %s, %d tiers, %d routes)%n", file, policy.version(), policy.tiers().size(),
                        policy.routes().size());
                return 0;
            } catch (PolicyLoader.InvalidPolicyException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Validate a routing policy and publish it to the llm-policy topic; running instances apply it without restart.")
    static final class Publish implements Callable<Integer> {

        @Option(names = {"-c", "--config"}, required = true, description = "Pipeline configuration (YAML): Kafka, registry and price catalog.")
        Path config;

        @Parameters(index = "0", description = "Policy file (YAML).")
        Path file;

        @Override
        public Integer call() throws Exception {
            PipelineConfig pipeline = ConfigLoader.loadWithoutProviders(config);
            PriceCatalog catalog = pipeline.priceCatalog() == null ? PriceCatalog.load() : PriceCatalog.load(pipeline.priceCatalog());
            try {
                PolicyPublisher.Published published = PolicyPublisher.publish(pipeline.kafka(),
                        new Topics(pipeline.partitions(), pipeline.serde()), pipeline.replicationFactor(), Files.readString(file),
                        file.toString(), model -> catalog.price(model.getProvider(), model.getModel()).isPresent());
                System.out.printf("%s: published version %s to %s (partition %d, offset %d)%n", file, published.version(),
                        Topics.POLICY, published.partition(), published.offset());
                return 0;
            } catch (PolicyLoader.InvalidPolicyException e) {
                System.err.println(e.getMessage());
                System.err.println("not published");
                return 1;
            }
        }
    }
}
