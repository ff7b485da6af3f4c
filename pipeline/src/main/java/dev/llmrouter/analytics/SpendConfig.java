package dev.llmrouter.analytics;

import dev.llmrouter.outcome.CountedAttempts;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the spend stage.
 *
 * @param baseline        prices each cost event on the premium model, for the saving
 * @param hourlyRetention how long hourly windows stay queryable
 * @param dailyRetention  how long daily windows stay queryable
 * @param grace           how late (by record time) a cost event may arrive and still count in its window
 * @param dedupWindow     how long after a request's creation a (requestId, attempt) pair is remembered to drop a
 *                        redelivered cost event
 */
public record SpendConfig(PremiumBaseline baseline, Duration hourlyRetention, Duration dailyRetention, Duration grace,
                          Duration dedupWindow) {

    public SpendConfig {
        Objects.requireNonNull(baseline, "baseline");
        if (hourlyRetention.compareTo(Duration.ofHours(1).plus(grace)) < 0 || dailyRetention.compareTo(Duration.ofDays(1).plus(grace)) < 0) {
            throw new IllegalArgumentException("retention must cover the window size plus the grace period");
        }
    }

    /**
     * Hourly windows for about a week, daily ones for about 90 days, one day of grace. Duplicates are
     * recognised for {@link CountedAttempts#DEFAULT_WINDOW} after the request was created, as the
     * route stage's budgets recognise them.
     */
    public static SpendConfig of(PremiumBaseline baseline) {
        return new SpendConfig(baseline, Duration.ofDays(8), Duration.ofDays(91), Duration.ofDays(1), CountedAttempts.DEFAULT_WINDOW);
    }
}
