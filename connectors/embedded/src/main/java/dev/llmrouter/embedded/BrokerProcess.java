package dev.llmrouter.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) in a JVM of its own, started
 * through Kafka's own entry points ({@code kafka.tools.StorageTool format}, then {@code kafka.Kafka})
 * from this JVM's class path. Unlike {@link EmbeddedKafka} it does not share the caller's heap, garbage
 * collector and cores' scheduling, so benchmarks measure clients against it fairly; and it can be killed
 * and started again on the same ports and log directory, as a broker restart in production.
 */
public final class BrokerProcess implements KafkaCluster {

    private static final Logger log = LoggerFactory.getLogger(BrokerProcess.class);
    private static final long START_TIMEOUT_SECONDS = 90;

    private final Path dir;
    private final Path properties;
    private final int port;
    private final List<String> jvmOptions;
    private final Map<String, Object> clientConfig;
    private Process process;

    private BrokerProcess(Path dir, Path properties, int port, List<String> jvmOptions, Map<String, Object> clientConfig) {
        this.dir = dir;
        this.properties = properties;
        this.port = port;
        this.jvmOptions = jvmOptions;
        this.clientConfig = clientConfig;
    }

    /** Formats a fresh log directory under a new temporary directory and starts the broker. */
    public static BrokerProcess start() {
        return start(Map.of(), List.of("-Xmx1g"));
    }

    /**
     * @param brokerConfig overrides or adds broker settings
     * @param jvmOptions   options of the broker's JVM, e.g. heap size or GC logging
     */
    public static BrokerProcess start(Map<String, String> brokerConfig, List<String> jvmOptions) {
        return start(brokerConfig, Map.of(), jvmOptions);
    }

    /**
     * A broker with its own listeners, e.g. SASL or TLS: in {@code brokerConfig} values, {@code {port}} and
     * {@code {controllerPort}} stand for the ports chosen for the client and controller listeners.
     *
     * @param clientConfig settings a client needs to connect (security), used to tell when the broker is ready
     */
    public static BrokerProcess start(Map<String, String> brokerConfig, Map<String, Object> clientConfig, List<String> jvmOptions) {
        try {
            Path dir = Files.createTempDirectory("kafka-broker-process");
            int port = Ports.freePort();
            int controllerPort = Ports.freePort();
            Map<String, String> config = new LinkedHashMap<>();
            config.put("process.roles", "broker,controller");
            config.put("node.id", "1");
            config.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
            config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            config.put("controller.listener.names", "CONTROLLER");
            config.put("inter.broker.listener.name", "PLAINTEXT");
            config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            config.put("log.dirs", dir.resolve("logs").toString());
            config.put("offsets.topic.replication.factor", "1");
            config.put("offsets.topic.num.partitions", "4");
            config.put("transaction.state.log.replication.factor", "1");
            config.put("transaction.state.log.min.isr", "1");
            config.put("transaction.state.log.num.partitions", "4");
            config.put("group.initial.rebalance.delay.ms", "0");
            config.put("auto.create.topics.enable", "false");
            brokerConfig.forEach((key, value) -> config.put(key,
                    value.replace("{port}", String.valueOf(port)).replace("{controllerPort}", String.valueOf(controllerPort))));
            StringBuilder text = new StringBuilder();
            config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
            Path properties = Files.writeString(dir.resolve("server.properties"), text);
            BrokerProcess broker = new BrokerProcess(dir, properties, port, List.copyOf(jvmOptions), Map.copyOf(clientConfig));
            broker.format();
            broker.restart();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the Kafka broker's directory", e);
        }
    }

    private void format() throws IOException {
        List<String> command = java(List.of("-Xmx256m"));
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", properties.toString()));
        Process formatting = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile()).start();
        try {
            if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                formatting.destroyForcibly();
                throw new IllegalStateException("formatting the broker's log directory failed; see " + dir.resolve("format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the broker's log directory", e);
        }
    }

    /**
     * Starts the broker on its ports and log directory (again, after {@link #kill()} or {@link #stop()})
     * and returns once it accepts client requests.
     */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        long started = System.nanoTime();
        List<String> command = java(jvmOptions);
        command.addAll(List.of("kafka.Kafka", properties.toString()));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Kafka broker", e);
        }
        awaitReady();
        log.info("Kafka broker (KRaft, own JVM, pid {}) ready at {} in {} ms", process.pid(), bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        Map<String, Object> config = new LinkedHashMap<>(clientConfig);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see " + log());
            }
            if (listening()) {
                try (Admin admin = Admin.create(config)) {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // The listener is up before the broker has caught up with the metadata log.
                }
            }
            sleep(100);
        }
        throw new IllegalStateException("the Kafka broker did not get ready within " + START_TIMEOUT_SECONDS + " s; see " + log());
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends the broker like a crash (SIGKILL): no controlled shutdown, unflushed log segments recovered at restart. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit(30);
        }
    }

    /** Ends the broker like an operator (SIGTERM): controlled shutdown. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitForExit(60)) {
                process.destroyForcibly();
                waitForExit(30);
            }
        }
    }

    private boolean waitForExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The broker's process id, e.g. to profile it; -1 when it is not running. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /** Where the broker writes its log (appended across restarts). */
    public Path log() {
        return dir.resolve("broker.log");
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker and deletes its directory. */
    @Override
    public void close() {
        stop();
        Directories.deleteTreeOrWarn(dir);
    }

    private static List<String> java(List<String> options) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return command;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
