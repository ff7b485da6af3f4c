package dev.llmrouter.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers which prompt prefixes were seen recently, as the providers' prompt caches do. Keys are
 * digests, so long system prompts cost a few dozen bytes each; expired entries are swept now and then.
 */
final class PromptCache {

    private static final int SWEEP_EVERY = 1024;

    private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();
    private final AtomicLong touches = new AtomicLong();

    /**
     * Records that {@code prefix} was sent to {@code model} now and keeps it for {@code ttlNanos} more
     * (a hit refreshes the entry, as the providers do).
     *
     * @return whether the prefix was already cached
     */
    boolean touch(WireFormat format, String model, String prefix, long nowNanos, long ttlNanos) {
        boolean[] hit = new boolean[1];
        expiries.compute(key(format, model, prefix), (k, expiry) -> {
            hit[0] = expiry != null && expiry - nowNanos > 0;
            return nowNanos + ttlNanos;
        });
        if (touches.incrementAndGet() % SWEEP_EVERY == 0) {
            expiries.values().removeIf(expiry -> expiry - nowNanos <= 0);
        }
        return hit[0];
    }

    void clear() {
        expiries.clear();
    }

    private static String key(WireFormat format, String model, String prefix) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(prefix.getBytes(StandardCharsets.UTF_8));
            return format.id() + '/' + model + '/' + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
