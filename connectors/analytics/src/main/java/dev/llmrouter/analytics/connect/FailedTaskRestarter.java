package dev.llmrouter.analytics.connect;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a connector's failed tasks. Kafka Connect leaves a task that gave up (e.g. the sink exhausted its
 * retries while the database was down) failed until someone restarts it; since the task committed no offsets for
 * what it could not write, restarting it once the cause is gone resumes without loss. This does it on a timer,
 * so an outage of the database heals by itself.
 */
public final class FailedTaskRestarter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FailedTaskRestarter.class);

    private final ConnectRestClient rest;
    private final String connector;
    private final ScheduledExecutorService timer;

    private FailedTaskRestarter(ConnectRestClient rest, String connector, Duration interval) {
        this.rest = rest;
        this.connector = connector;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "restart-failed-" + connector);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checks {@code connector} every {@code interval} and restarts what failed. */
    public static FailedTaskRestarter start(ConnectRestClient rest, String connector, Duration interval) {
        return new FailedTaskRestarter(rest, connector, interval);
    }

    private void check() {
        try {
            ConnectRestClient.Status status = rest.status(connector);
            if (status != null && (status.connector().equals("FAILED") || status.tasks().contains("FAILED"))) {
                log.warn("Connector {} has failed tasks, restarting them; the failure was: {}", connector, firstLine(status.failure()));
                rest.restartFailed(connector);
            }
        } catch (RuntimeException e) {
            // The worker may be rebalancing or stopping; the next check tries again.
            log.debug("Could not check connector {}: {}", connector, e.toString());
        }
    }

    private static String firstLine(String trace) {
        if (trace == null) {
            return "(no trace)";
        }
        String cause = trace;
        int causedBy = trace.lastIndexOf("Caused by: ");
        if (causedBy >= 0) {
            cause = trace.substring(causedBy);
        }
        int end = cause.indexOf('\n');
        return end < 0 ? cause : cause.substring(0, end);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
