package dev.llmrouter.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A scheduled outage: from {@code startAfter} after it is scheduled, for {@code duration}, the target
 * answers 503 (529 "overloaded" in the Anthropic format).
 *
 * @param target     a model name, or a wire format id ({@code openai}, {@code anthropic}, {@code gemini})
 *                   to take down every model of that format
 * @param startAfter delay from scheduling to the start of the outage; zero when left out
 * @param duration   how long the outage lasts
 */
public record OutageWindow(String target, Duration startAfter, Duration duration) {

    public OutageWindow {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(duration, "duration");
        startAfter = startAfter == null ? Duration.ZERO : startAfter;
        if (target.isBlank() || startAfter.isNegative() || duration.isNegative()) {
            throw new IllegalArgumentException("outage needs a target and non-negative times: " + target);
        }
    }
}
