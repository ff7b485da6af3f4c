package dev.llmrouter.provider.http;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Several JDK {@link HttpClient}s built alike, used in turn: one client as far as the adapters can tell.
 *
 * <p>Why: the JDK client keeps idle HTTP/1.1 connections in one pool per client, takes the oldest one
 * for the next request and then removes it from its expiry list by a linear scan, under the pool's lock.
 * With thousands of calls in flight against a plain-HTTP server (vLLM, Ollama, the simulator) the pool
 * holds thousands of connections, and that scan took a fifth of a worker's CPU at 1,000 calls/s with
 * 2-second answers (docs/PERFORMANCE.md). Spreading the calls over {@code n} clients makes each pool,
 * and each scan, {@code n} times shorter, and gives each client its own selector thread.
 */
public final class ShardedHttpClient extends HttpClient {

    private final List<HttpClient> shards;
    private final AtomicInteger next = new AtomicInteger();

    /** {@code count} clients from {@code build}; each call takes the next one. */
    public static ShardedHttpClient of(int count, Supplier<HttpClient> build) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        List<HttpClient> shards = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                shards.add(build.get());
            }
        } catch (RuntimeException e) {
            shards.forEach(HttpClient::shutdownNow);
            throw e;
        }
        return new ShardedHttpClient(List.copyOf(shards));
    }

    private ShardedHttpClient(List<HttpClient> shards) {
        this.shards = shards;
    }

    /** How many clients take turns. */
    public int size() {
        return shards.size();
    }

    private HttpClient pick() {
        return shards.get(Math.floorMod(next.getAndIncrement(), shards.size()));
    }

    private HttpClient first() {
        return shards.getFirst();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return pick().send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return pick().sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return pick().sendAsync(request, handler, pushPromiseHandler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return first().cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return first().connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return first().followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return first().proxy();
    }

    @Override
    public SSLContext sslContext() {
        return first().sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return first().sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return first().authenticator();
    }

    @Override
    public Version version() {
        return first().version();
    }

    @Override
    public Optional<Executor> executor() {
        return first().executor();
    }

    @Override
    public void shutdown() {
        shards.forEach(HttpClient::shutdown);
    }

    @Override
    public void shutdownNow() {
        shards.forEach(HttpClient::shutdownNow);
    }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        for (HttpClient shard : shards) {
            if (!shard.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isTerminated() {
        return shards.stream().allMatch(HttpClient::isTerminated);
    }

    @Override
    public void close() {
        shards.forEach(HttpClient::close);
    }
}
