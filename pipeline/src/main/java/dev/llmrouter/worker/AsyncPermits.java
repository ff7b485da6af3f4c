package dev.llmrouter.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A counting semaphore whose waiters are futures, not threads: thousands of calls can wait for a
 * provider's concurrency limit without holding a thread each. Waiters are served in arrival order.
 */
final class AsyncPermits {

    private static final CompletableFuture<Void> GRANTED = CompletableFuture.completedFuture(null);

    private final AtomicInteger available;
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiters = new ConcurrentLinkedQueue<>();

    AsyncPermits(int permits) {
        this.available = new AtomicInteger(permits);
    }

    /** Completes when a permit is held; the holder must {@link #release()} it exactly once. */
    CompletableFuture<Void> acquire() {
        if (waiters.isEmpty() && tryTake()) {
            return GRANTED;
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        // A permit released between the check and the enqueue would otherwise be missed.
        drain();
        return waiter;
    }

    void release() {
        available.incrementAndGet();
        drain();
    }

    int available() {
        return available.get();
    }

    private void drain() {
        while (!waiters.isEmpty() && tryTake()) {
            CompletableFuture<Void> next = waiters.poll();
            if (next == null) {
                available.incrementAndGet();
                return;
            }
            next.complete(null);
        }
    }

    private boolean tryTake() {
        int current;
        do {
            current = available.get();
            if (current <= 0) {
                return false;
            }
        } while (!available.compareAndSet(current, current - 1));
        return true;
    }
}
