package dev.llmrouter.route;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the route stage asks Kafka Streams to commit while it keeps up with its requests; see {@link CommitPacer}.
 *
 * @param interval how often to ask for a commit, shorter than Streams' own {@code commit.interval.ms}
 * @param backlog  a request that reaches the route stage this long after it was produced means requests queue, and
 *                 the stage leaves commits to {@code commit.interval.ms} until they reach it sooner again
 */
public record CommitPace(Duration interval, Duration backlog) {

    /** No commits asked for: Streams commits every {@code commit.interval.ms} whatever the load. */
    public static final CommitPace OFF = new CommitPace(Duration.ZERO, Duration.ZERO);

    public CommitPace {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(backlog, "backlog");
        if (interval.isNegative() || backlog.isNegative()) {
            throw new IllegalArgumentException("commit pace must not be negative: interval " + interval + ", backlog " + backlog);
        }
    }

    public boolean isOff() {
        return interval.isZero();
    }
}
