package dev.llmrouter.route;

import java.time.Duration;

/**
 * When a spike of requests moves routing one tier cheaper. Rates are requests per second over the
 * sliding {@code window}, measured per pipeline instance (see docs/ROUTING.md).
 *
 * @param enabled  false when the policy has no load section
 * @param window   the sliding window the rate is measured over
 * @param enterRps above this rate routing shifts one tier cheaper
 * @param exitRps  below this rate, and once {@code hold} has passed, routing shifts back; lower than {@code enterRps}
 * @param hold     the shortest time a shift lasts
 */
public record LoadRules(boolean enabled, Duration window, double enterRps, double exitRps, Duration hold) {

    public static LoadRules disabled() {
        return new LoadRules(false, Duration.ofSeconds(10), Double.MAX_VALUE, Double.MAX_VALUE, Duration.ZERO);
    }
}
