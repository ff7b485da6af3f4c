package dev.llmrouter.opinion;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.llmrouter.opinion.RatingPrompt.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Second-opinion ratings by prompt hash ({@link RatingPrompt#cacheKey}), bounded and expiring, so a
 * repeated prompt costs no second rating call. One cache per pipeline instance, shared by its workers:
 * instances do not share ratings, and a restarted instance starts empty. Concurrent requests with the
 * same prompt share one call in flight. Only verdicts are kept: a failed or unreadable rating is asked
 * again next time. Size and expiry come from each request's plan, so a published policy changes them
 * without a restart; an entry keeps the expiry it was written with.
 */
public final class RatingCache {

    /** The {@code cache} tag of its meters. */
    public static final String NAME = "second-opinion-ratings";
    private static final long INITIAL_SIZE = 100_000;

    private final AsyncCache<String, Entry> cache;

    public RatingCache() {
        this(Ticker.systemTicker());
    }

    /** @param ticker the clock expiry is measured on; tests pass their own */
    public RatingCache(Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(INITIAL_SIZE)
                .expireAfter(Expiry.creating((String key, Entry entry) -> Duration.ofNanos(entry.ttlNanos())))
                .recordStats()
                .buildAsync();
    }

    /** Registers Micrometer's cache meters ({@code cache.gets{result=hit|miss}}, {@code cache.size}, ...) tagged {@link #NAME}. */
    public RatingCache bindTo(MeterRegistry registry) {
        CaffeineCacheMetrics.monitor(registry, cache, NAME);
        return this;
    }

    /** A rating and whether it came from the cache (or a call another request had in flight) rather than a call of this request's. */
    public record Rated(Optional<Verdict> verdict, boolean cached) {
    }

    /**
     * The cached verdict for {@code key}, else the one {@code rate} obtains, which is kept for {@code ttl}.
     *
     * @param maxSize how many ratings to keep at most; 0 turns the cache off
     * @param rate    starts the rating call; completes with null when it yields no verdict, and never exceptionally
     */
    public CompletableFuture<Rated> get(String key, Duration ttl, long maxSize, Supplier<CompletableFuture<Verdict>> rate) {
        if (maxSize <= 0) {
            return rate.get().thenApply(verdict -> new Rated(Optional.ofNullable(verdict), false));
        }
        resize(maxSize);
        boolean[] called = {false};
        // A future completing with null removes its entry: nothing but verdicts is kept.
        CompletableFuture<Entry> entry = cache.get(key, (k, executor) -> {
            called[0] = true;
            return rate.get().thenApply(verdict -> verdict == null ? null : new Entry(verdict, ttl.toNanos()));
        });
        boolean cached = !called[0];
        return entry.handle((value, failure) -> new Rated(value == null ? Optional.empty() : Optional.of(value.verdict()), cached));
    }

    /** Ratings held now, in-flight ones included (approximate, as Caffeine counts). */
    public long size() {
        return cache.synchronous().estimatedSize();
    }

    private void resize(long maxSize) {
        cache.synchronous().policy().eviction().ifPresent(eviction -> {
            if (eviction.getMaximum() != maxSize) {
                eviction.setMaximum(maxSize);
            }
        });
    }

    private record Entry(Verdict verdict, long ttlNanos) {
    }
}
