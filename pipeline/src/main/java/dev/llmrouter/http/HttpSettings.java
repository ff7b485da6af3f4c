package dev.llmrouter.http;

/**
 * Where a pipeline instance serves HTTP (metrics, queries, dashboard, ingress).
 *
 * @param enabled        false for an instance without an HTTP server
 * @param bindAddress    interface to listen on, e.g. {@code 0.0.0.0}
 * @param port           port to listen on; 0 picks a free one
 * @param advertisedHost how other instances reach this one; becomes the host part of Kafka Streams'
 *                       {@code application.server}, so interactive queries can be routed to the owner of a key
 */
public record HttpSettings(boolean enabled, String bindAddress, int port, String advertisedHost) {

    public HttpSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("http.port must be between 0 and 65535, not " + port);
        }
        if (bindAddress == null || bindAddress.isBlank() || advertisedHost == null || advertisedHost.isBlank()) {
            throw new IllegalArgumentException("http.bind-address and http.advertised-host must not be blank");
        }
    }

    /** Listens on all interfaces on 8080, advertised as {@code localhost}. */
    public static HttpSettings defaults() {
        return new HttpSettings(true, "0.0.0.0", 8080, "localhost");
    }

    /** Loopback only, on a free port: tests and the demo. */
    public static HttpSettings loopback(int port) {
        return new HttpSettings(true, "127.0.0.1", port, "127.0.0.1");
    }

    public static HttpSettings disabled() {
        return new HttpSettings(false, "127.0.0.1", 0, "127.0.0.1");
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(enabled, bindAddress, newPort, advertisedHost);
    }
}
