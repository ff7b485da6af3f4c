package dev.llmrouter.provider.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The HTTP client of one provider: a Jetty {@link HttpClient} with that provider's connect timeout, sized
 * for thousands of calls in flight. Obtained from {@link HttpTransports}, which shares its threads among
 * the providers and closes it.
 *
 * <p>Why Jetty and not the JDK's client: on this project's benchmark machine the JDK client cost about
 * twice the CPU per call (40-51 µs against 21-28 µs for a 569-byte JSON POST and its answer), and its
 * HTTP/1.1 pool scans its idle connections linearly on each reuse, which with thousands of calls in flight
 * took a fifth of a worker's CPU (docs/PERFORMANCE.md).
 *
 * <p>HTTP/1.1 only, over TLS for {@code https} base URLs, as the providers' own SDKs do by default: one
 * connection per call in flight, no head-of-line blocking between calls of different latency.
 */
public final class HttpTransport implements AutoCloseable {

    /** Connections to one provider; every call in flight holds one, and a worker has thousands in flight. */
    static final int MAX_CONNECTIONS = 16_384;
    /** Calls waiting for a connection beyond those; more fail at once rather than queue without bound. */
    static final int MAX_QUEUED = 65_536;
    /** Idle keep-alive connections close after this, below the minutes providers' load balancers keep them. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(50);
    /** A larger answer fails the call: no chat answer is near it, a runaway one must not exhaust the heap. */
    public static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final HttpClient client;

    private HttpTransport(HttpClient client) {
        this.client = client;
    }

    static HttpTransport start(String name, Duration connectTimeout, Executor executor, Scheduler scheduler) {
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(1));
        client.setName(name);
        client.setExecutor(executor);
        client.setScheduler(scheduler);
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        client.setMaxRequestsQueuedPerDestination(MAX_QUEUED);
        client.setFollowRedirects(false);
        // Provider calls are stateless; a load balancer's affinity cookie must not pin every call to one node.
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "llm-router"));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client of provider " + name, e);
        }
        // A provider's 401 is an answer to read (wrong key), not a challenge for Jetty's authentication handler,
        // which fails the exchange when no WWW-Authenticate header came; 1xx and upgrades are not used either.
        // Start installs these handlers, so they go after it.
        client.getProtocolHandlers().clear();
        return new HttpTransport(client);
    }

    /**
     * Posts {@code call} and completes with the answer, whatever its status, or exceptionally with the
     * transport's failure: {@link java.util.concurrent.TimeoutException} when the whole exchange took longer
     * than {@code timeout}, an {@link java.io.IOException} when no answer came (refused, reset, TLS),
     * {@link IllegalArgumentException} for an answer over {@link #MAX_ANSWER_BYTES}. Cancelling the future
     * aborts the exchange.
     */
    public CompletableFuture<HttpAnswer> send(HttpCall call, Duration timeout) {
        CompletableFuture<HttpAnswer> answer = new CompletableFuture<>();
        Request request = client.newRequest(call.uri())
                .method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .body(new StringRequestContent("application/json", call.body(), StandardCharsets.UTF_8))
                .headers(headers -> {
                    headers.put(HttpHeader.ACCEPT, "application/json");
                    // Set here, Jetty need not rebuild and parse the request's URI to find the Host on every call.
                    headers.put(HttpHeader.HOST, host(call.uri()));
                    call.forEachHeader(headers::put);
                });
        request.send(new BufferingResponseListener(MAX_ANSWER_BYTES) {
            @Override
            public void onComplete(Result result) {
                // A server may answer (413, 401) before reading the whole request: that answer still counts.
                if (result.getResponseFailure() != null) {
                    answer.completeExceptionally(result.getResponseFailure());
                } else {
                    answer.complete(new HttpAnswer(result.getResponse().getStatus(),
                            headers(result.getResponse().getHeaders()), getContentAsString(StandardCharsets.UTF_8)));
                }
            }
        });
        answer.whenComplete((ignored, failure) -> {
            if (failure instanceof CancellationException) {
                request.abort(failure);
            }
        });
        return answer;
    }

    private static String host(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static ResponseHeaders headers(HttpFields fields) {
        return name -> Optional.ofNullable(fields.get(name));
    }

    /** Aborts the calls in flight and closes the connections. */
    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP client " + client.getName(), e);
        }
    }
}
