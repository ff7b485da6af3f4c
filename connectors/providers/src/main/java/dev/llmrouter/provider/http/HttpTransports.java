package dev.llmrouter.provider.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers' HTTP clients and the threads they share: one selector per provider, one pool running the
 * I/O and the answers' callbacks, one timer for the timeouts. Closing it aborts every call still in flight.
 *
 * <p>Callbacks of {@link HttpTransport#send} run on the pool's threads. They may do work (parse the answer,
 * score it, hand it to a Kafka producer) but must not wait for long: the pool has at most {@value #MAX_THREADS}
 * threads, one per provider of them held by its selector.
 *
 * <p>Few threads, because the pool grows whenever a task finds no idle thread, and on a busy machine a thread is
 * not idle while it waits for a CPU: with 200 allowed it grew to 200, and each answer woke a different sleeping
 * thread (docs/PERFORMANCE.md, session 13).
 */
public final class HttpTransports implements AutoCloseable {

    static final int MAX_THREADS = 16;
    private static final Logger log = LoggerFactory.getLogger(HttpTransports.class);

    private final QueuedThreadPool threads;
    private final ScheduledExecutorScheduler timer;
    private final List<HttpTransport> transports = new CopyOnWriteArrayList<>();

    private HttpTransports(QueuedThreadPool threads, ScheduledExecutorScheduler timer) {
        this.threads = threads;
        this.timer = timer;
    }

    /** Starts the shared threads; they are daemons, so a forgotten close does not hold the JVM. */
    public static HttpTransports start() {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("llm-router-provider-http");
        threads.setDaemon(true);
        ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler("llm-router-provider-http-timer", true);
        try {
            threads.start();
            timer.start();
        } catch (Exception e) {
            stopQuietly(threads, timer);
            throw new IllegalStateException("cannot start the providers' HTTP threads", e);
        }
        return new HttpTransports(threads, timer);
    }

    /** A client for one provider, named {@code name} (its threads and logs show it), closed with this. */
    public HttpTransport create(String name, Duration connectTimeout) {
        HttpTransport transport = HttpTransport.start(name, connectTimeout, threads, timer);
        transports.add(transport);
        return transport;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (HttpTransport transport : transports) {
            try {
                transport.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        stopQuietly(threads, timer);
        if (failure != null) {
            throw failure;
        }
    }

    private static void stopQuietly(QueuedThreadPool threads, ScheduledExecutorScheduler timer) {
        try {
            timer.stop();
            threads.stop();
        } catch (Exception e) {
            log.warn("the providers' HTTP threads did not stop cleanly: {}", e.toString());
        }
    }
}
