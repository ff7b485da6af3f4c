package dev.llmrouter.classify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.PromptRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Remembers the classifications of recent prompts, so a prompt asked again (the same question from many users,
 * a template, a retry) is not tokenised and scored again. Keyed by the last user message, which is all the
 * wrapped classifier reads of a prompt besides its size: {@link TrainedClassifier} and {@link FeatureClassifier}
 * derive everything but the input-token estimate from it, and that estimate is recomputed for each request.
 *
 * <p>Bounded in entries ({@link Caffeine#maximumSize}, frequency-aware eviction) and in key size: a last
 * message over {@link #MAX_CACHED_CHARS} characters is classified every time, so the cache holds at most
 * {@code size} texts of at most that length, with a small record each. Each caller gets a copy of its own. One
 * instance serves every stream thread; classification is a pure function of the text, so reprocessing after a
 * crash gets the same answer whether it hits or misses.
 */
public final class CachingClassifier implements PromptClassifier {

    /** The {@code cache} tag of its meters. */
    public static final String NAME = "classifications";
    /** Longer last messages are seldom repeated word for word and would make the cache's memory unbounded. */
    public static final int MAX_CACHED_CHARS = 2_000;

    private final PromptClassifier delegate;
    private final Cache<String, Classification> cache;

    private CachingClassifier(PromptClassifier delegate, long size) {
        this.delegate = delegate;
        // Eviction bookkeeping on the calling stream thread: handing it to the common pool would wake another thread
        // for every few misses, on a machine whose cores the pipeline already keeps busy.
        this.cache = Caffeine.newBuilder().maximumSize(size).executor(Runnable::run).recordStats().build();
    }

    /**
     * {@code delegate} with a cache of {@code size} classifications, or {@code delegate} itself when {@code size} is
     * 0. The delegate must classify from the last user message alone (see the class comment).
     */
    public static PromptClassifier of(PromptClassifier delegate, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("the classification cache size must not be negative, was " + size);
        }
        return size == 0 ? delegate : new CachingClassifier(delegate, size);
    }

    /** Registers Micrometer's cache meters ({@code cache.gets{result=hit|miss}}, {@code cache.size}, ...) tagged {@link #NAME}. */
    public static PromptClassifier bindTo(PromptClassifier classifier, MeterRegistry registry) {
        if (classifier instanceof CachingClassifier caching) {
            CaffeineCacheMetrics.monitor(registry, caching.cache, NAME);
        }
        return classifier;
    }

    @Override
    public Classification classify(PromptRequest request) {
        String text = PromptText.lastUserMessage(request);
        if (text.length() > MAX_CACHED_CHARS) {
            return delegate.classify(request);
        }
        Classification known = cache.get(text, ignored -> delegate.classify(request));
        return Classification.newBuilder(known)
                .setEstimatedInputTokens(PromptText.estimateTokens(PromptText.inputChars(request)))
                .build();
    }

    @Override
    public String version() {
        return delegate.version();
    }
}
