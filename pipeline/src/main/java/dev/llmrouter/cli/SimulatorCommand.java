package dev.llmrouter.cli;

import dev.llmrouter.simulator.ProviderSimulator;
import dev.llmrouter.simulator.SimulatorConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Serve the provider simulator (OpenAI, Anthropic and Gemini wire formats) until stopped.")
final class SimulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8090", description = "Port on 127.0.0.1 (0 for a free one; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 inside a container).")
    String host;

    @Option(names = "--config", description = "Simulator configuration (YAML or JSON): latency, errors, rate limits, outages.")
    Path config;

    @Override
    public Integer call() throws Exception {
        SimulatorConfig settings = (config == null ? SimulatorConfig.defaults() : SimulatorConfig.load(config)).withPort(port);
        CountDownLatch stopped = new CountDownLatch(1);
        try (ProviderSimulator simulator = ProviderSimulator.start(settings, InetAddress.getByName(host))) {
            System.out.printf("Provider simulator listening on %s:%d (OpenAI under /v1, Anthropic under /v1/messages, "
                    + "Gemini under /v1beta, admin under /admin/)%n", host, simulator.port());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                simulator.close();
                stopped.countDown();
            }, "simulator-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
