package dev.llmrouter.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A running provider simulator: one HTTP server (Jetty) on 127.0.0.1 that answers the OpenAI, Anthropic and
 * Gemini wire formats side by side, plus an admin API under {@code /admin/}. No thread waits for a slow
 * answer: each is sent by a scheduled task when its simulated latency is over, so thousands of slow requests
 * can be in flight at once for little CPU, which matters because in benchmarks the simulator shares the
 * machine with the system under test. Thread-safe; changes made with {@link #update}, {@link #outage} and the
 * admin API apply to the next request.
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
    /**
     * Idle keep-alive connections are kept this long, as real providers keep them: clients with thousands of
     * calls in flight hold thousands of idle connections between bursts and expect to reuse them.
     */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final Server server;
    private final ServerConnector connector;
    private final AtomicReference<SimulatorConfig> config;
    private final StatsRecorder stats = new StatsRecorder();
    private final PromptCache cache = new PromptCache();
    private final Outages outages = new Outages();

    private ProviderSimulator(SimulatorConfig initial, InetAddress bindAddress) {
        config = new AtomicReference<>(initial);
        // CPU per request, 64 in flight, 569-byte POST, 408-byte answer, on the 2-core benchmark machine:
        // JDK HttpServer with a virtual thread per exchange 31-32 us; Jetty, blocking handler on its default
        // QueuedThreadPool 30-31 us, on a VirtualThreadPool with Thread.sleep 21-22 us; non-blocking handler
        // with the delay as a scheduled task 18-20 us. Hence the last: the pool only runs short non-blocking
        // work, and the scheduler's one thread sends every delayed answer. In `bench workers` the simulator's
        // CPU per call fell from 0.21-0.27 to 0.15-0.17 ms (docs/PERFORMANCE.md).
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("simulator");
        Scheduler scheduler = new ScheduledExecutorScheduler("simulator-scheduler", false);
        server = new Server(threads, scheduler, null);
        // Closing abandons waiting requests at once: their connections are closed, as by a dying server.
        server.setStopTimeout(0);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bindAddress.getHostAddress());
        connector.setPort(initial.port());
        connector.setAcceptQueueSize(BACKLOG);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        Simulation simulation = new Simulation(config, stats, cache, outages, scheduler);
        server.setHandler(new SimulatorHandler(simulation, new AdminApi(this)));
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
        try {
            simulator.server.start();
        } catch (Exception e) {
            simulator.close();
            throw e instanceof IOException io ? io : new IOException("could not start the provider simulator", e);
        }
        return simulator;
    }

    /** The port it listens on. */
    public int port() {
        return connector.getLocalPort();
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
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the provider simulator", e);
        }
    }
}
