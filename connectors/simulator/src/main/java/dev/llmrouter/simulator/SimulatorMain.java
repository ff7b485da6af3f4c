package dev.llmrouter.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone until the process is stopped:
 * {@code java dev.llmrouter.simulator.SimulatorMain [--port N] [--config FILE]}.
 * {@code --port} overrides the config file's port; without either it listens on a free port.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        SimulatorConfig config = SimulatorConfig.defaults();
        Integer port = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--config" -> config = SimulatorConfig.load(Path.of(value(args, ++i, "--config")));
                case "--help", "-h" -> {
                    System.out.println("usage: SimulatorMain [--port N] [--config simulator.yaml]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "' (try --help)");
            }
        }
        if (port != null) {
            config = config.withPort(port);
        }
        ProviderSimulator simulator = ProviderSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        System.out.println("provider simulator listening on " + simulator.baseUrl()
                + " (OpenAI " + simulator.baseUrl(WireFormat.OPENAI)
                + ", Anthropic " + simulator.baseUrl(WireFormat.ANTHROPIC)
                + ", Gemini " + simulator.baseUrl(WireFormat.GEMINI) + ", admin " + simulator.baseUrl() + "/admin/)");
        stopped.await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
