package dev.llmrouter.http;

/** Thrown by a route to answer with an error status and a message the client may read. */
public final class WebException extends RuntimeException {

    private final int status;

    public WebException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static WebException badRequest(String message) {
        return new WebException(400, message);
    }

    public static WebException notFound(String message) {
        return new WebException(404, message);
    }

    /** The answer depends on state that is moving (a rebalance); the client should retry shortly. */
    public static WebException unavailable(String message) {
        return new WebException(503, message);
    }

    public int status() {
        return status;
    }
}
