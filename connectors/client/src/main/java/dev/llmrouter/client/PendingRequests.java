package dev.llmrouter.client;

import dev.llmrouter.schema.LlmResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The requests a client waits for, by request id, each with its own deadline. Whatever ends a request
 * first (its response, its deadline, a send failure, the caller cancelling, the client closing) wins;
 * the others find nothing left to do.
 */
final class PendingRequests implements AutoCloseable {

    private final Map<String, CompletableFuture<LlmResponse>> pending = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;

    PendingRequests(String name) {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> Thread.ofPlatform().name(name + "-timeouts").daemon().unstarted(runnable));
        // Most requests are answered long before their deadline: drop cancelled timers at once, not when they would fire.
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts waiting for the response to {@code requestId}; the future fails with a {@link RequestTimeoutException}
     * after {@code timeout}.
     *
     * @throws IllegalArgumentException when a request with this id is already pending
     */
    CompletableFuture<LlmResponse> register(String requestId, Duration timeout) {
        CompletableFuture<LlmResponse> future = new CompletableFuture<>();
        if (pending.putIfAbsent(requestId, future) != null) {
            throw new IllegalArgumentException("request " + requestId + " is already pending: request ids must be unique");
        }
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            if (pending.remove(requestId, future)) {
                future.completeExceptionally(new RequestTimeoutException(requestId, timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        // Every other way to end removes the entry before completing, so that whoever sees the future done also
        // sees it gone; this catches the caller cancelling.
        future.whenComplete((response, failure) -> {
            pending.remove(requestId, future);
            deadline.cancel(false);
        });
        return future;
    }

    /** Completes the request this response answers; false when no such request is pending here (not ours, or late). */
    boolean complete(LlmResponse response) {
        CompletableFuture<LlmResponse> future = pending.remove(response.getRequestId());
        return future != null && future.complete(response);
    }

    void fail(String requestId, Throwable cause) {
        CompletableFuture<LlmResponse> future = pending.remove(requestId);
        if (future != null) {
            future.completeExceptionally(cause);
        }
    }

    void failAll(Throwable cause) {
        List.copyOf(pending.keySet()).forEach(requestId -> fail(requestId, cause));
    }

    int size() {
        return pending.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
