package dev.llmrouter.http;

import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The pipeline's HTTP servers on Jetty's core server: one connector, and every task (accepting, selecting,
 * handling) on a virtual thread of its own, so handlers may simply block on Kafka while they wait.
 */
public final class JettyServers {

    /** Clients keep their connections between bursts; Jetty holds idle ones without a cap, so they may stay long. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private JettyServers() {
    }

    /**
     * A server, not yet started.
     *
     * @param name        names its virtual threads and its (platform) scheduler thread, e.g. {@code llm-router-http}
     * @param host        interface to bind
     * @param port        port to bind; 0 for a free one
     * @param acceptQueue connections the kernel queues while none is being accepted
     * @param maxThreads  tasks at once; a handler that blocks holds one until it answers
     */
    public static Server create(String name, String host, int port, int acceptQueue, int maxThreads, Handler handler) {
        VirtualThreadPool threads = new VirtualThreadPool(maxThreads);
        threads.setName(name);
        // Heap buffers, allocated for each use and left to the garbage collector, not Jetty's pool of direct ones: a
        // connection holds its request buffer while its request is handled, so with more requests waiting than the
        // 256 entries a pool bucket scans, every acquire scanned all 256 before reaching its overflow queue. With 1,024
        // ingress clients the scan took 30 of 1,235 samples of the benchmark's JVM; the allocations take 13 of 1,263
        // (docs/PERFORMANCE.md, session 15).
        Server server = new Server(threads, new ScheduledExecutorScheduler(name + "-scheduler", true), new ByteBufferPool.NonPooling());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        http1.setUseInputDirectByteBuffers(false);
        http1.setUseOutputDirectByteBuffers(false);
        ServerConnector connector = new ServerConnector(server, http1);
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(acceptQueue);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.setHandler(handler);
        return server;
    }

    /** Starts {@code server}; a port already taken or any other failure leaves nothing running. */
    public static void start(Server server) throws IOException {
        try {
            server.start();
        } catch (Exception e) {
            stop(server);
            throw e instanceof IOException io ? io : new IOException("cannot start the HTTP server: " + e.getMessage(), e);
        }
    }

    /** The port the server's connector listens on (the chosen one when configured as 0). */
    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public static void stop(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP server: " + e.getMessage(), e);
        }
    }
}
