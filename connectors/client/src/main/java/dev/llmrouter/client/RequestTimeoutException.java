package dev.llmrouter.client;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * No response to a submitted request arrived in time. The request may still be answered later (it is
 * durable on the request topic); the client has stopped waiting for it.
 */
public final class RequestTimeoutException extends TimeoutException {

    private final String requestId;
    private final Duration timeout;

    public RequestTimeoutException(String requestId, Duration timeout) {
        super("no response to request " + requestId + " within " + describe(timeout));
        this.requestId = requestId;
        this.timeout = timeout;
    }

    public String requestId() {
        return requestId;
    }

    public Duration timeout() {
        return timeout;
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
