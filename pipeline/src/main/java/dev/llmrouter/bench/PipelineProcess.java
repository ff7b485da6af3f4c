package dev.llmrouter.bench;

import dev.llmrouter.cli.Main;
import dev.llmrouter.simulator.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pipeline instance in a JVM of its own, started through the production entry point
 * ({@code llm-router run --config FILE}) with providers pointed at a simulator. Benchmarks measure it the
 * way it runs in production; fault tests kill it.
 */
public final class PipelineProcess implements AutoCloseable {

    private static final Map<String, WireFormat> PROVIDERS = Map.of("openai", WireFormat.OPENAI, "anthropic", WireFormat.ANTHROPIC,
            "gemini", WireFormat.GEMINI, "deepseek", WireFormat.OPENAI, "mistral", WireFormat.OPENAI);

    /**
     * The JVM options a workers-only instance runs with here and in docker-compose.yml ({@code JDK_JAVA_OPTIONS} of the
     * {@code workers} service). A call in flight lives as long as the provider takes (seconds), longer than G1's
     * default young generation lasts at 1,000 calls/s: each collection then copied every call in flight and promoted
     * it, and old-generation garbage kept young objects alive. A young generation that lasts tens of seconds, with
     * survivors aged in survivor space rather than promoted at once, lets finished calls die young
     * (docs/PERFORMANCE.md, workers).
     */
    public static final List<String> WORKER_JVM_OPTIONS = List.of("-Xms3g", "-Xmx3g", "-Xmn1536m", "-XX:SurvivorRatio=4",
            "-XX:TargetSurvivorRatio=90", "-XX:MaxTenuringThreshold=15");

    /** System property with extra JVM options for child processes. */
    public static final String CHILD_JVM_ARGS = "llmrouter.bench.child-jvm-args";

    /**
     * What the instance runs and how.
     *
     * @param name                names its files in the work directory (configuration, log, state)
     * @param kafka               client settings (bootstrap servers and any consumer or producer settings)
     * @param registryUrl         the schema registry
     * @param partitions          partition count of the pipeline's topics
     * @param streams             whether it runs the Streams application (classify and route)
     * @param processingGuarantee of the Streams application
     * @param commitIntervalMs    of the Streams application
     * @param streamThreads       of the Streams application
     * @param workers             worker instances (0: none)
     * @param maxInFlight         each worker's in-flight limit
     * @param providerKey         the API key every simulated provider is configured with (written to a secret file)
     * @param jvmOptions          options of the child JVM (heap, GC, profiling)
     */
    public record Options(String name, Map<String, Object> kafka, String registryUrl, int partitions, boolean streams,
                          String processingGuarantee, int commitIntervalMs, int streamThreads, int workers, int maxInFlight,
                          String providerKey, List<String> jvmOptions) {

        /** A full instance (Streams and one worker) with the production defaults. */
        public static Options full(String name, Map<String, Object> kafka, String registryUrl, int partitions) {
            return new Options(name, kafka, registryUrl, partitions, true, "exactly_once_v2", 100, 1, 1, 10_000, "sim-local-key",
                    List.of());
        }

        /** A workers-only instance ({@code run --no-streams}). */
        public static Options workersOnly(String name, Map<String, Object> kafka, String registryUrl, int partitions, int maxInFlight) {
            return new Options(name, kafka, registryUrl, partitions, false, "exactly_once_v2", 100, 1, 1, maxInFlight, "sim-local-key",
                    List.of());
        }

        public Options withStreams(String guarantee, int commitInterval, int threads) {
            return new Options(name, kafka, registryUrl, partitions, streams, guarantee, commitInterval, threads, workers, maxInFlight,
                    providerKey, jvmOptions);
        }

        public Options withWorkers(int count) {
            return new Options(name, kafka, registryUrl, partitions, streams, processingGuarantee, commitIntervalMs, streamThreads, count,
                    maxInFlight, providerKey, jvmOptions);
        }

        public Options withProviderKey(String key) {
            return new Options(name, kafka, registryUrl, partitions, streams, processingGuarantee, commitIntervalMs, streamThreads, workers,
                    maxInFlight, key, jvmOptions);
        }

        public Options withJvmOptions(List<String> options) {
            return new Options(name, kafka, registryUrl, partitions, streams, processingGuarantee, commitIntervalMs, streamThreads, workers,
                    maxInFlight, providerKey, List.copyOf(options));
        }
    }

    private static final Pattern METRICS_AT = Pattern.compile("metrics at (http://\\S+/metrics)");

    private final Options options;
    private final Path config;
    private final Path log;
    private final Path workDir;
    private Process process;

    private PipelineProcess(Options options, Path config, Path workDir) {
        this.options = options;
        this.config = config;
        this.workDir = workDir;
        this.log = workDir.resolve(options.name() + ".log");
    }

    /**
     * A workers-only instance.
     *
     * @param simulatorUrl the simulator's base URL per wire format
     * @param workDir      where the configuration, the API key file and the log go
     */
    public static PipelineProcess startWorkers(Map<String, Object> kafka, String registryUrl, int partitions, int maxInFlight,
                                               Function<WireFormat, URI> simulatorUrl, Path workDir) throws IOException {
        return start(Options.workersOnly("worker", kafka, registryUrl, partitions, maxInFlight).withJvmOptions(WORKER_JVM_OPTIONS),
                simulatorUrl, workDir);
    }

    /**
     * Writes the instance's configuration and starts it; it is running once the process is, and ready when
     * its Streams application has joined (callers wait for its output, e.g. a first response).
     */
    public static PipelineProcess start(Options options, Function<WireFormat, URI> simulatorUrl, Path workDir) throws IOException {
        Path key = Files.writeString(workDir.resolve(options.name() + "-provider-key"), options.providerKey());
        StringBuilder yaml = new StringBuilder("kafka:\n");
        options.kafka().forEach((name, value) -> yaml.append("  ").append(name).append(": \"").append(value).append("\"\n"));
        yaml.append("serde:\n  schema.registry.url: \"").append(options.registryUrl()).append("\"\n");
        yaml.append("topics:\n  partitions: ").append(options.partitions()).append('\n');
        yaml.append("streams:\n  application-id: llm-router\n  processing-guarantee: ").append(options.processingGuarantee())
                .append("\n  state-dir: \"").append(workDir.resolve(options.name() + "-state")).append("\"\n  commit-interval-ms: ")
                .append(options.commitIntervalMs()).append("\n  threads: ").append(options.streamThreads()).append('\n');
        yaml.append("worker:\n  instances: ").append(options.workers()).append("\n  max-in-flight: ").append(options.maxInFlight())
                .append("\n  attempt-timeout: 30s\n");
        // A free port: benchmarks and tests run side by side, and a second instance on 8080 would not start.
        yaml.append("http:\n  bind-address: 127.0.0.1\n  advertised-host: 127.0.0.1\n  port: 0\n");
        yaml.append("providers:\n");
        PROVIDERS.forEach((id, format) -> yaml.append("  - {id: ").append(id).append(", type: ").append(format.id())
                .append(", base-url: \"").append(simulatorUrl.apply(format)).append("\", api-key-file: \"").append(key).append("\"}\n"));
        Path config = Files.writeString(workDir.resolve(options.name() + ".yaml"), yaml);
        PipelineProcess instance = new PipelineProcess(options, config, workDir);
        instance.restart();
        return instance;
    }

    /** Starts the instance again with the same configuration and state directory, e.g. after {@link #kill()}. */
    public synchronized void restart() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(options.name() + " is running");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        // RocksDB unpacks its 15 MB native library into the temporary directory and deletes it at exit, which a
        // killed instance never reaches: keep it under the work directory, which its owner deletes.
        Path tmp = Files.createDirectories(workDir.resolve(options.name() + "-tmp"));
        List<String> command = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + tmp));
        command.addAll(options.jvmOptions());
        command.addAll(childJvmArgs(options.name(), workDir));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", config.toString()));
        if (!options.streams()) {
            command.add("--no-streams");
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * Extra JVM options for the benchmark's child processes, from the system property
     * {@value #CHILD_JVM_ARGS}, separated by {@code ;} so they survive shell word splitting; {@code {name}} and
     * {@code {dir}} are replaced by the child's name and work directory, e.g.
     * {@code -XX:MaxGCPauseMillis=20;-Xlog:gc:file={dir}/{name}-gc.log}. Options for one child only come from
     * {@value #CHILD_JVM_ARGS}{@code .<name>} (e.g. {@code .simulator}, {@code .worker}) and follow the common ones.
     */
    static List<String> childJvmArgs(String name, Path workDir) {
        List<String> options = new ArrayList<>();
        for (String property : List.of(CHILD_JVM_ARGS, CHILD_JVM_ARGS + "." + name)) {
            String args = System.getProperty(property, "").trim();
            if (!args.isEmpty()) {
                options.addAll(List.of(args.replace("{name}", name).replace("{dir}", workDir.toString()).split(";")));
            }
        }
        return options;
    }

    /** The instance's metrics page, from its log once it is running (the port is chosen at start). */
    public URI metricsUrl(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String url = null;
            // The latest start's address: the log runs on across restarts.
            Matcher matcher = METRICS_AT.matcher(Files.readString(log));
            while (matcher.find()) {
                url = matcher.group(1);
            }
            if (url != null) {
                return URI.create(url);
            }
            if (!isAlive() || System.nanoTime() > deadline) {
                throw new IOException(options.name() + " did not log its metrics address; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** Everything the instance wrote to standard output and error, across restarts. */
    public Path log() {
        return log;
    }

    public synchronized long pid() {
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process.isAlive();
    }

    /** Ends it like a crash: no drain, no commit. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Ends it like an operator: SIGTERM, so it drains and commits. */
    @Override
    public synchronized void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
