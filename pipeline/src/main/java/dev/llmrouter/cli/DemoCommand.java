package dev.llmrouter.cli;

import dev.llmrouter.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the pipeline end to end on embedded defaults: an in-process Kafka broker, the schema registry "
                + "and simulated providers; publish sample prompts and print each routed response, its cost and a spend summary.")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return new Demo(System.out).run();
    }
}
