package dev.llmrouter.bench;

import dev.llmrouter.cli.Main;
import dev.llmrouter.embedded.Ports;
import dev.llmrouter.simulator.WireFormat;
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
import java.util.concurrent.TimeUnit;

/**
 * The provider simulator in a JVM of its own, scripted through its admin API. Benchmarks use it so that
 * the simulated providers, which stand for remote services, do not share the measured worker's heap,
 * garbage collector and carrier threads.
 */
final class SimulatorProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient admin = HttpClient.newHttpClient();

    private SimulatorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** JVM options for a simulator that answers at once: a small heap, the default collector. */
    static final List<String> INSTANT = List.of("-Xmx1g");

    /**
     * JVM options for a simulator holding thousands of slow answers open (the workers benchmark). It stands
     * for remote providers, so its own collector pauses must not count as the worker's overhead: ZGC does not
     * pause, and with room to spare it collects rarely (with 4 GB its collections took enough of the two
     * cores to triple the worker's p99 overhead; with 6 GB and more they did not). With instant answers ZGC
     * cost twice G1's CPU per call, so the other benchmarks keep {@link #INSTANT}.
     */
    static final List<String> HOLDING = List.of("-XX:+UseZGC", "-Xmx8g");

    /** Starts it with {@code configYaml} (the simulator's file format) and {@code jvmOptions}, and waits until it answers. */
    static SimulatorProcess start(String configYaml, Path workDir, List<String> jvmOptions) throws IOException, InterruptedException {
        Path config = Files.writeString(workDir.resolve("simulator.yaml"), configYaml);
        int port = Ports.freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(PipelineProcess.childJvmArgs("simulator", workDir));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "simulator", "--port", String.valueOf(port), "--config", config.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("simulator.log").toFile())
                .start();
        SimulatorProcess simulator = new SimulatorProcess(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("simulator exited with " + process.exitValue() + "; see " + workDir.resolve("simulator.log"));
            }
            try {
                if (simulator.adminCall("GET", "/admin/outages", null) == 200) {
                    return simulator;
                }
            } catch (IOException starting) {
                Thread.sleep(100);
            }
        }
        simulator.close();
        throw new IllegalStateException("simulator did not answer within 60 s");
    }

    URI baseUrl(WireFormat format) {
        String root = "http://127.0.0.1:" + port;
        return URI.create(switch (format) {
            case OPENAI -> root + "/v1";
            case ANTHROPIC -> root;
            case GEMINI -> root + "/v1beta";
        });
    }

    void outage(String target, Duration duration) throws IOException, InterruptedException {
        String body = "{\"target\": \"" + target + "\", \"duration\": \"" + duration.toSeconds() + "s\", \"startAfter\": \"0s\"}";
        int status = adminCall("POST", "/admin/outages", body);
        if (status / 100 != 2) {
            throw new IllegalStateException("simulator refused the outage: HTTP " + status);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Most calls it handled at the same time since the last {@link #resetStats()}. */
    long peakInFlight() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/stats")).build();
        String body = admin.send(request, HttpResponse.BodyHandlers.ofString()).body();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("peakInFlight").asLong();
    }

    void resetStats() throws IOException, InterruptedException {
        adminCall("DELETE", "/admin/stats", null);
    }

    void clearOutages() throws IOException, InterruptedException {
        adminCall("DELETE", "/admin/outages", null);
    }

    private int adminCall(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return admin.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
