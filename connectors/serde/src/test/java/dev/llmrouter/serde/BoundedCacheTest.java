package dev.llmrouter.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    @Test
    void shouldLoadOnceAndServeTheCachedValueAfterwards() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(10);
        AtomicInteger loads = new AtomicInteger();

        cache.get("a", key -> loads.incrementAndGet());
        int value = cache.get("a", key -> loads.incrementAndGet());

        assertThat(value).isEqualTo(1);
        assertThat(loads).hasValue(1);
    }

    @Test
    void shouldLoadOnceWhenManyThreadsMissTheSameKeyAtOnce() throws Exception {
        BoundedCache<String, Integer> cache = new BoundedCache<>(10);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> values = new ArrayList<>();

        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                values.add(pool.submit(() -> {
                    start.await();
                    return cache.get("subject", key -> {
                        sleep(50);
                        return loads.incrementAndGet();
                    });
                }));
            }
            start.countDown();
        }

        assertThat(loads).hasValue(1);
        for (Future<Integer> value : values) {
            assertThat(value.get()).isEqualTo(1);
        }
    }

    @Test
    void shouldNotCacheAFailedLoad() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(10);

        assertThatThrownBy(() -> cache.get("subject", key -> {
            throw new IllegalStateException("registry down");
        })).hasMessage("registry down");

        assertThat(cache.get("subject", key -> 7)).isEqualTo(7);
    }

    @Test
    void shouldNeverHoldMoreEntriesThanItsCapacity() {
        BoundedCache<Integer, Integer> cache = new BoundedCache<>(3);

        for (int i = 0; i < 100; i++) {
            cache.get(i, key -> key * 2);
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get(99, key -> -1)).isEqualTo(198);
    }

    @Test
    void shouldKeepTheFirstStoredValueWhenTwoLoadsRace() {
        BoundedCache<String, String> cache = new BoundedCache<>(10);

        cache.putIfAbsent("subject", "first");
        String value = cache.putIfAbsent("subject", "second");

        assertThat(value).isEqualTo("first");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
