package dev.llmrouter.serde;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe map with a size bound, read lock-free on the hot path.
 *
 * <p>Eviction removes an arbitrary entry rather than the least recently used one: in normal operation
 * these caches hold a handful of schemas and never fill up; the bound only protects against
 * unbounded schema churn (e.g. generic records built with ever new schemas), where any eviction will do.
 */
final class BoundedCache<K, V> {

    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    private final int capacity;

    BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Returns the cached value, loading it on a miss. Concurrent misses of one key load once: the loaders
     * call the registry, which should see one request per schema, not one per thread that starts at once.
     * Misses of other keys may wait meanwhile, which only happens while the caches warm up.
     */
    V get(K key, Function<? super K, ? extends V> loader) {
        V value = map.get(key);
        if (value != null) {
            return value;
        }
        value = map.computeIfAbsent(key, loader);
        evictBeyondCapacity(key);
        return value;
    }

    /** Stores the value unless one is present; returns whichever value is now cached. */
    V putIfAbsent(K key, V value) {
        V existing = map.putIfAbsent(key, value);
        if (existing != null) {
            return existing;
        }
        evictBeyondCapacity(key);
        return value;
    }

    private void evictBeyondCapacity(K keep) {
        Iterator<K> keys = map.keySet().iterator();
        while (map.size() > capacity && keys.hasNext()) {
            if (!keys.next().equals(keep)) {
                keys.remove();
            }
        }
    }

    void remove(K key, V value) {
        map.remove(key, value);
    }

    int size() {
        return map.size();
    }
}
