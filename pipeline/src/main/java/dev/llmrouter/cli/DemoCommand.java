package dev.llmrouter.cli;

import dev.llmrouter.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the pipeline end to end on embedded defaults: an in-process Kafka broker, the schema registry "
                + "and simulated providers; publish sample prompts and print each routed response, its cost and a spend summary. "
                + "Opens with the address of the live dashboard.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080",
            description = "Port of the dashboard and HTTP API (default ${DEFAULT-VALUE}); a free one is used when it is taken.")
    int port;

    @Option(names = "--keep-running", description = "Keep the pipeline and its dashboard up after the report, until Ctrl-C.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        return new Demo(System.out, port, keepRunning).run();
    }
}
