package dev.llmrouter.opinion;

import dev.llmrouter.schema.ModelRef;
import java.time.Duration;

/**
 * The policy's {@code second-opinion:} section.
 *
 * @param enabled   whether uncertain decisions ask the rater at all; off unless the policy turns it on
 * @param rater     the cheap model asked whether a prompt is EASY or HARD; null when disabled and unset
 * @param scoreLow  the lowest classifier score (inclusive) counted as uncertain
 * @param scoreHigh the highest classifier score (inclusive) counted as uncertain
 * @param timeout   how long the rating call may take before the worker keeps the decided chain
 * @param cacheTtl  how long a worker reuses a rating for the same prompt
 * @param cacheSize how many ratings a worker instance keeps at most
 */
public record SecondOpinionSettings(boolean enabled, ModelRef rater, double scoreLow, double scoreHigh, Duration timeout,
                                    Duration cacheTtl, long cacheSize) {

    /** Whether a classifier score falls in the uncertain band. */
    public boolean uncertain(double score) {
        return enabled && score >= scoreLow && score <= scoreHigh;
    }
}
