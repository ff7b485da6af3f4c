package dev.llmrouter.analytics;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the spend stage.
 *
 * @param baseline  prices each billed call on the premium model, for the saving
 * @param retention how long hourly windows stay queryable; daily figures are sums of hours, so this is how far back
 *                  either reaches
 * @param grace     how late (by the call's time against the task's stream time) a call may be counted and still land
 *                  in its window
 */
public record SpendConfig(PremiumBaseline baseline, Duration retention, Duration grace) {

    public SpendConfig {
        Objects.requireNonNull(baseline, "baseline");
        if (retention.compareTo(Duration.ofDays(1).plus(grace)) < 0) {
            throw new IllegalArgumentException("retention must cover a day plus the grace period");
        }
    }

    /** About 90 days of hourly windows, one day of grace. */
    public static SpendConfig of(PremiumBaseline baseline) {
        return new SpendConfig(baseline, Duration.ofDays(91), Duration.ofDays(1));
    }
}
