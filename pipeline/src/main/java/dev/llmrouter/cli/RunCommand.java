package dev.llmrouter.cli;

import dev.llmrouter.ingress.Ingress;
import dev.llmrouter.runtime.ConfigLoader;
import dev.llmrouter.runtime.Pipeline;
import dev.llmrouter.runtime.PipelineConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a pipeline instance against an existing Kafka cluster and schema registry until stopped (SIGTERM/Ctrl-C).")
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "Pipeline configuration (YAML); see config/pipeline.yaml.")
    Path config;

    @Option(names = "--workers", description = "Worker instances in this process; overrides worker.instances (0: streams only).")
    Integer workers;

    @Option(names = "--streams", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the Streams application (classify, route) in this process; --no-streams or --streams=false for a workers-only instance.")
    boolean streams;

    @Option(names = "--ingress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Serve the OpenAI-compatible HTTP ingress when the configuration enables it; --no-ingress to leave it off here.")
    boolean serveIngress;

    @Option(names = "--http-port", description = "Port of the metrics, query and dashboard server; overrides http.port (0: a free port).")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipelineConfig = ConfigLoader.load(config);
        if (workers != null) {
            pipelineConfig = pipelineConfig.withWorkers(workers);
        }
        if (httpPort != null) {
            pipelineConfig = pipelineConfig.withHttp(pipelineConfig.http().withPort(httpPort));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Pipeline pipeline = Pipeline.start(pipelineConfig, streams);
             Ingress ingress = serveIngress && pipelineConfig.ingress().enabled()
                     ? Ingress.start(pipelineConfig.ingress(), pipelineConfig.kafka(), pipelineConfig.serde(), pipeline.catalog())
                     : null) {
            if (ingress != null) {
                System.out.println("OpenAI-compatible ingress: " + ingress.baseUrl());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // The ingress first: it stops taking requests while the pipeline can still answer those in flight.
                if (ingress != null) {
                    ingress.close();
                }
                pipeline.close();
                stopped.countDown();
            }, "llm-router-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
