package dev.llmrouter.route;

import dev.llmrouter.schema.ModelRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Settings of the route stage.
 *
 * @param policy      the policy to start with; a valid policy published on the policy topic replaces it
 * @param knownModel  accepts the models the deployment can price and call; published policies naming others are rejected
 * @param clock       time of decisions, budget periods, cache expiry and the load window (a fixed clock in tests)
 * @param meters      where the stage registers its meters
 * @param dedupWindow how long after a request's creation a settled request is remembered, so a repeated
 *                    response is not charged to the budgets again
 */
public record RouteConfig(RoutingPolicy policy, Predicate<ModelRef> knownModel, Clock clock, MeterRegistry meters,
                          Duration dedupWindow) {

    public RouteConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(knownModel, "knownModel");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        if (dedupWindow.isNegative() || dedupWindow.isZero()) {
            throw new IllegalArgumentException("dedupWindow must be positive, was " + dedupWindow);
        }
    }

    /** The policy, any model, the system clock, the global meter registry, and repeats recognised for an hour. */
    public static RouteConfig of(RoutingPolicy policy) {
        return new RouteConfig(policy, model -> true, Clock.systemUTC(), Metrics.globalRegistry, SettledRequests.DEFAULT_WINDOW);
    }

    public RouteConfig withKnownModels(Predicate<ModelRef> known) {
        return new RouteConfig(policy, known, clock, meters, dedupWindow);
    }

    public RouteConfig withClock(Clock newClock) {
        return new RouteConfig(policy, knownModel, newClock, meters, dedupWindow);
    }

    public RouteConfig withMeters(MeterRegistry registry) {
        return new RouteConfig(policy, knownModel, clock, registry, dedupWindow);
    }

    public RouteConfig withDedupWindow(Duration window) {
        return new RouteConfig(policy, knownModel, clock, meters, window);
    }
}
