package dev.llmrouter.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Confluent-API schema registry (Apicurio Registry with its ccompat API, in-memory storage)
 * running as a child process on a free loopback port.
 *
 * <p>It runs out of process because the registry brings ~300 jars, among them an old kafka-clients,
 * that must not meet the application's classpath. The runnable jar is built by the
 * {@code connectors/registry-server} module and found through, in order: the system property
 * {@value #JAR_PROPERTY}, the environment variable {@value #JAR_ENV}, or the build output below the
 * working directory or one of its parents.
 */
public final class SchemaRegistryProcess implements AutoCloseable {

    public static final String JAR_PROPERTY = "registry.runner.jar";
    public static final String JAR_ENV = "LLM_ROUTER_REGISTRY_JAR";
    private static final Path BUILD_OUTPUT = Path.of("connectors", "registry-server", "target");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryProcess.class);

    private final Process process;
    private final int port;
    private final Path logFile;
    private final Thread shutdownHook;

    private SchemaRegistryProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.shutdownHook = new Thread(process::destroyForcibly, "schema-registry-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the registry with the jar found as described above and waits until it is ready. */
    public static SchemaRegistryProcess start() {
        return start(locateJar());
    }

    /** Starts the registry from {@code runnerJar} and waits until it answers its readiness check. */
    public static SchemaRegistryProcess start(Path runnerJar) {
        long started = System.nanoTime();
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            // The port is chosen before the child binds it, so another process can take it first: retry.
            int port = Ports.freePort();
            Path logFile = logFile(port);
            Process process = launch(runnerJar, port, logFile);
            try {
                awaitReady(process, port, logFile);
                warmUp(port);
                log.info("Schema registry ready at http://127.0.0.1:{} in {} ms (log: {})",
                        port, (System.nanoTime() - started) / 1_000_000, logFile);
                return new SchemaRegistryProcess(process, port, logFile);
            } catch (IllegalStateException e) {
                process.destroyForcibly();
                last = e;
            }
        }
        throw last;
    }

    /** Where the runnable registry jar is, or a clear error saying how to build it. */
    public static Path locateJar() {
        String configured = Optional.ofNullable(System.getProperty(JAR_PROPERTY)).orElse(System.getenv(JAR_ENV));
        if (configured != null && !configured.isBlank()) {
            Path jar = Path.of(configured);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            throw new IllegalStateException("Schema registry jar " + jar + " does not exist; build it with "
                    + "./mvnw -pl connectors/registry-server package");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path target = dir.resolve(BUILD_OUTPUT);
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    Optional<Path> jar = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst();
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot list " + target, e);
                }
            }
        }
        throw new IllegalStateException("No schema registry jar found: set -D" + JAR_PROPERTY + " or " + JAR_ENV
                + ", or build it with ./mvnw -pl connectors/registry-server package");
    }

    /** The Confluent-compatible base URL, for {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops the registry and deletes its log; the logs of starts that failed stay, for diagnosis. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or ran; nothing left to unregister.
        }
        try {
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", logFile, e.toString());
        }
    }

    private static Process launch(Path jar, int port, Path logFile) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java,
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.level=WARN",
                "-jar", jar.toAbsolutePath().toString()));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the schema registry (" + String.join(" ", command) + ")", e);
        }
    }

    private static void awaitReady(Process process, int port, Path logFile) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Schema registry exited with code " + process.exitValue()
                        + " before it was ready; log tail:\n" + tail(logFile));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Still starting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the schema registry", e);
            }
            sleep(200);
        }
        throw new IllegalStateException("Schema registry not ready after " + READY_TIMEOUT.toSeconds()
                + " s; log tail:\n" + tail(logFile));
    }

    /**
     * Makes the first write. Apicurio's in-memory storage can answer 500 (a lock timeout) when the first
     * writes of a fresh instance race each other; one write before anyone else writes avoids that.
     */
    private static void warmUp(int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest register = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/apis/ccompat/v7/subjects/registry-warm-up-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\": \"\\\"string\\\"\"}"))
                .build();
        try {
            HttpResponse<String> response = http.send(register, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Schema registry warm-up write failed: HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Schema registry warm-up write failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during the schema registry warm-up", e);
        }
    }

    private static Path logFile(int port) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(dir);
            return Files.createTempFile(dir, "schema-registry-" + port + "-", ".log");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the schema registry log file", e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the schema registry", e);
        }
    }
}
