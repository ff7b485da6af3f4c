package dev.llmrouter.bench;

import dev.llmrouter.cli.Main;
import dev.llmrouter.simulator.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A workers-only pipeline instance in a JVM of its own, started through the production entry point
 * ({@code llm-router run --no-streams}) with providers pointed at a simulator. Benchmarks measure it the
 * way it runs in production; fault tests kill it.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Map<String, WireFormat> PROVIDERS = Map.of("openai", WireFormat.OPENAI, "anthropic", WireFormat.ANTHROPIC,
            "gemini", WireFormat.GEMINI, "deepseek", WireFormat.OPENAI, "mistral", WireFormat.OPENAI);

    /** System property with extra JVM options for child processes. */
    public static final String CHILD_JVM_ARGS = "llmrouter.bench.child-jvm-args";

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param kafka        client settings (bootstrap servers and any consumer or producer settings)
     * @param partitions   partition count of the pipeline's topics
     * @param maxInFlight  the worker's in-flight limit
     * @param simulatorUrl the simulator's base URL per wire format
     * @param workDir      where the configuration, the API key file and the log go
     */
    public static WorkerProcess start(Map<String, Object> kafka, String registryUrl, int partitions, int maxInFlight,
                                      Function<WireFormat, URI> simulatorUrl, Path workDir) throws IOException {
        Path key = Files.writeString(workDir.resolve("simulator-key"), "sim-local-key");
        StringBuilder yaml = new StringBuilder("kafka:\n");
        kafka.forEach((name, value) -> yaml.append("  ").append(name).append(": \"").append(value).append("\"\n"));
        yaml.append("serde:\n  schema.registry.url: \"").append(registryUrl).append("\"\n");
        yaml.append("topics:\n  partitions: ").append(partitions).append('\n');
        yaml.append("worker:\n  max-in-flight: ").append(maxInFlight).append("\n  attempt-timeout: 30s\n");
        yaml.append("providers:\n");
        PROVIDERS.forEach((id, format) -> yaml.append("  - {id: ").append(id).append(", type: ").append(format.id())
                .append(", base-url: \"").append(simulatorUrl.apply(format)).append("\", api-key-file: \"").append(key).append("\"}\n"));
        Path config = Files.writeString(workDir.resolve("worker.yaml"), yaml);
        Path log = workDir.resolve("worker.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(childJvmArgs("worker", workDir));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--config", config.toString(), "--no-streams"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WorkerProcess(process, log);
    }

    /**
     * Extra JVM options for the benchmark's child processes, from the system property
     * {@value #CHILD_JVM_ARGS}, separated by {@code ;} so they survive shell word splitting; {@code {name}} and
     * {@code {dir}} are replaced by the child's name and work directory, e.g.
     * {@code -XX:MaxGCPauseMillis=20;-Xlog:gc:file={dir}/{name}-gc.log}.
     */
    static List<String> childJvmArgs(String name, Path workDir) {
        String args = System.getProperty(CHILD_JVM_ARGS, "").trim();
        if (args.isEmpty()) {
            return List.of();
        }
        return List.of(args.replace("{name}", name).replace("{dir}", workDir.toString()).split(";"));
    }

    public Path log() {
        return log;
    }

    /** Ends it like a crash: no drain, no commit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Ends it like an operator: SIGTERM, so it drains and commits. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
