package dev.llmrouter.cli;

import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RoutingPolicy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with routing policies.",
        subcommands = PolicyCommand.Validate.class)
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
}
