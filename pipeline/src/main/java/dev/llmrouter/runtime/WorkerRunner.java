package dev.llmrouter.runtime;

import dev.llmrouter.worker.Worker;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a worker on its own thread and replaces it when it fails (for example when the broker stayed
 * unreachable past the producer's delivery timeout): the replacement resumes from the last committed
 * offset, so nothing is lost.
 */
final class WorkerRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerRunner.class);
    private static final Duration RESTART_BACKOFF = Duration.ofSeconds(1);

    private final Supplier<Worker> factory;
    private final Thread thread;
    private volatile Worker current;
    private volatile boolean closed;

    WorkerRunner(String name, Supplier<Worker> factory) {
        this.factory = factory;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    int inFlight() {
        Worker worker = current;
        return worker == null ? 0 : worker.inFlight();
    }

    private void loop() {
        while (!closed) {
            try {
                current = factory.get();
                if (closed) {
                    current.close();
                }
                current.run();
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                log.error("Worker failed; starting a new one in {} ms", RESTART_BACKOFF.toMillis(), e);
                try {
                    Thread.sleep(RESTART_BACKOFF);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Worker worker = current;
        if (worker != null) {
            worker.close();
        }
        try {
            thread.join(Duration.ofSeconds(45));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
