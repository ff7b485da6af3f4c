package dev.llmrouter.opinion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.opinion.RatingPrompt.Verdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RatingCacheTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RatingCache cache = new RatingCache(nanos::get);
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void shouldAnswerARepeatedPromptFromTheCacheWithoutASecondCall() {
        RatingCache.Rated first = cache.get("k", Duration.ofHours(1), 10, () -> call(Verdict.EASY)).join();
        RatingCache.Rated second = cache.get("k", Duration.ofHours(1), 10, () -> call(Verdict.HARD)).join();

        assertThat(first).isEqualTo(new RatingCache.Rated(java.util.Optional.of(Verdict.EASY), false));
        assertThat(second).isEqualTo(new RatingCache.Rated(java.util.Optional.of(Verdict.EASY), true));
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldCountHitsAndMissesInItsMeters() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        cache.bindTo(meters);

        cache.get("k", Duration.ofHours(1), 10, () -> call(Verdict.EASY)).join();
        cache.get("k", Duration.ofHours(1), 10, () -> call(Verdict.EASY)).join();

        assertThat(meters.get("cache.gets").tag("cache", RatingCache.NAME).tag("result", "hit").functionCounter().count()).isEqualTo(1);
        assertThat(meters.get("cache.gets").tag("cache", RatingCache.NAME).tag("result", "miss").functionCounter().count()).isEqualTo(1);
    }

    @Test
    void shouldAskAgainOnceTheRatingHasExpired() {
        cache.get("k", Duration.ofMinutes(10), 10, () -> call(Verdict.EASY)).join();
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat(cache.get("k", Duration.ofMinutes(10), 10, () -> call(Verdict.HARD)).join().cached()).isTrue();

        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        RatingCache.Rated expired = cache.get("k", Duration.ofMinutes(10), 10, () -> call(Verdict.HARD)).join();

        assertThat(expired.cached()).isFalse();
        assertThat(expired.verdict()).contains(Verdict.HARD);
        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldNotKeepARatingThatGaveNoVerdict() {
        RatingCache.Rated none = cache.get("k", Duration.ofHours(1), 10, () -> call(null)).join();
        RatingCache.Rated retried = cache.get("k", Duration.ofHours(1), 10, () -> call(Verdict.HARD)).join();

        assertThat(none.verdict()).isEmpty();
        assertThat(retried).isEqualTo(new RatingCache.Rated(java.util.Optional.of(Verdict.HARD), false));
        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldShareOneCallInFlightBetweenRequestsWithTheSamePrompt() {
        CompletableFuture<Verdict> pending = new CompletableFuture<>();
        CompletableFuture<RatingCache.Rated> first = cache.get("k", Duration.ofHours(1), 10, () -> {
            calls.incrementAndGet();
            return pending;
        });
        CompletableFuture<RatingCache.Rated> second = cache.get("k", Duration.ofHours(1), 10, () -> call(Verdict.HARD));

        pending.complete(Verdict.EASY);

        assertThat(first.join().cached()).isFalse();
        assertThat(second.join()).isEqualTo(new RatingCache.Rated(java.util.Optional.of(Verdict.EASY), true));
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldCallEveryTimeWhenTheSizeIsZero() {
        cache.get("k", Duration.ofHours(1), 0, () -> call(Verdict.EASY)).join();
        RatingCache.Rated again = cache.get("k", Duration.ofHours(1), 0, () -> call(Verdict.EASY)).join();

        assertThat(again.cached()).isFalse();
        assertThat(calls).hasValue(2);
    }

    private CompletableFuture<Verdict> call(Verdict verdict) {
        calls.incrementAndGet();
        return CompletableFuture.completedFuture(verdict);
    }
}
