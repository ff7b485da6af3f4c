package dev.llmrouter.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A running provider simulator: one HTTP server on 127.0.0.1 that answers the OpenAI, Anthropic and
 * Gemini wire formats side by side, plus an admin API under {@code /admin/}. Each request gets its own
 * virtual thread, so thousands of slow requests can be in flight at once. Thread-safe; changes made with
 * {@link #update}, {@link #outage} and the admin API apply to the next request.
 *
 * <pre>{@code
 * try (ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults())) {
 *     URI openAi = sim.baseUrl(WireFormat.OPENAI);      // http://127.0.0.1:PORT/v1
 *     sim.outage("gpt-4o", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class ProviderSimulator implements AutoCloseable {

    /** Room for a burst of thousands of connections arriving before the accept loop catches up. */
    private static final int BACKLOG = 8192;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicReference<SimulatorConfig> config;
    private final StatsRecorder stats = new StatsRecorder();
    private final PromptCache cache = new PromptCache();
    private final Outages outages = new Outages();

    static {
        // The JDK server keeps only 200 idle keep-alive connections by default and closes the rest, so clients
        // with thousands of calls in flight keep reusing connections it has just closed. Real providers do not.
        // Read once, when the first server is created; an explicit -D setting wins.
        System.getProperties().putIfAbsent("sun.net.httpserver.maxIdleConnections", "100000");
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private ProviderSimulator(SimulatorConfig initial, InetAddress bindAddress) throws IOException {
        config = new AtomicReference<>(initial);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(new InetSocketAddress(bindAddress, initial.port()), BACKLOG);
        server.setExecutor(executor);
        Simulation simulation = new Simulation(config, stats, cache, outages);
        OpenAiDialect openAi = new OpenAiDialect();
        server.createContext("/v1/chat/", simulation.handler(openAi));
        server.createContext("/v1/models", simulation.handler(openAi));
        server.createContext("/v1/messages", simulation.handler(new AnthropicDialect()));
        server.createContext("/v1beta/", simulation.handler(new GeminiDialect()));
        server.createContext("/admin/", new AdminApi(this));
        long now = System.nanoTime();
        initial.outages().forEach(outage -> outages.schedule(outage, now));
    }

    /** Starts a simulator on 127.0.0.1; with port 0 in the config it listens on a free port. */
    public static ProviderSimulator start(SimulatorConfig config) throws IOException {
        return start(config, InetAddress.getLoopbackAddress());
    }

    /**
     * Starts a simulator on {@code bindAddress}, e.g. the wildcard address inside a container whose
     * clients run in other containers. {@link #baseUrl()} still names the loopback address.
     */
    public static ProviderSimulator start(SimulatorConfig config, InetAddress bindAddress) throws IOException {
        ProviderSimulator simulator = new ProviderSimulator(Objects.requireNonNull(config, "config"), bindAddress);
        simulator.server.start();
        return simulator;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, the root of every endpoint (admin API under {@code /admin/}). */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * The base URL a client of {@code format} is configured with, following each provider's SDK convention:
     * {@code .../v1} for OpenAI (requests go to {@code /chat/completions} below it), the root for Anthropic
     * ({@code /v1/messages} below it), {@code .../v1beta} for Gemini ({@code /models/{model}:generateContent}).
     */
    public URI baseUrl(WireFormat format) {
        return switch (format) {
            case OPENAI -> URI.create(baseUrl() + "/v1");
            case ANTHROPIC -> baseUrl();
            case GEMINI -> URI.create(baseUrl() + "/v1beta");
        };
    }

    /** The config in force. */
    public SimulatorConfig config() {
        return config.get();
    }

    /**
     * Changes the config for the requests that come next; requests already waiting keep their old behaviour.
     * The port and the config's {@code outages} (scheduled at start) are left as they are: use
     * {@link #outage(OutageWindow)} at run time.
     */
    public void update(UnaryOperator<SimulatorConfig> change) {
        config.updateAndGet(current -> change.apply(current).withPort(current.port()));
    }

    /** Replaces the config, as {@link #update(UnaryOperator)}. */
    public void update(SimulatorConfig replacement) {
        update(current -> replacement);
    }

    /** Takes a model, or a whole wire format (by its id, e.g. {@code "anthropic"}), down from now for {@code duration}. */
    public void outage(String target, Duration duration) {
        outage(new OutageWindow(target, Duration.ZERO, duration));
    }

    /** Schedules an outage relative to now. */
    public void outage(OutageWindow outage) {
        outages.schedule(outage, System.nanoTime());
    }

    /** Outages not yet over, with start and duration relative to now. */
    public List<OutageWindow> outages() {
        return outages.pending(System.nanoTime());
    }

    /** Ends every outage at once. */
    public void clearOutages() {
        outages.clear();
    }

    /** Forgets every cached prompt prefix. */
    public void clearPromptCache() {
        cache.clear();
    }

    public SimulatorStats stats() {
        return stats.snapshot();
    }

    /** Zeroes the request and response counters. */
    public void resetStats() {
        stats.reset();
    }

    /** Stops listening and abandons requests still waiting (their clients see the connection close). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
