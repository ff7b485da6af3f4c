package dev.llmrouter.worker;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Provider calls in flight with a deadline each, failed by {@link #expire} once past it: the guard against
 * an adapter that never completes a call (every adapter of this project enforces its own timeout on the
 * HTTP exchange, so this is a backstop). A sweep by the worker's poll loop replaces a timer per call:
 * {@code CompletableFuture.orTimeout} scheduled one on the JDK's delay scheduler for every call and cancelled
 * it on every answer, waking that thread about once per call, and on the benchmark machine a wake-up costs
 * 14-30 µs of CPU (docs/PERFORMANCE.md, session 11).
 */
final class CallDeadlines {

    private final Map<CompletableFuture<?>, Long> deadlines = new ConcurrentHashMap<>();

    /** Tracks {@code call} until it completes, or until {@link #expire} fails it after {@code deadlineNanos} ({@link System#nanoTime}). */
    <T> CompletableFuture<T> track(CompletableFuture<T> call, long deadlineNanos) {
        if (call.isDone()) {
            return call;
        }
        deadlines.put(call, deadlineNanos);
        call.whenComplete((result, failure) -> deadlines.remove(call));
        return call;
    }

    /** Fails every tracked call whose deadline passed by {@code nowNanos} with a {@link TimeoutException}; returns how many. */
    int expire(long nowNanos) {
        int expired = 0;
        for (Map.Entry<CompletableFuture<?>, Long> entry : deadlines.entrySet()) {
            if (nowNanos - entry.getValue() > 0 && entry.getKey().completeExceptionally(
                    new TimeoutException("the provider adapter did not complete the call within its timeout"))) {
                expired++;
            }
        }
        return expired;
    }
}
