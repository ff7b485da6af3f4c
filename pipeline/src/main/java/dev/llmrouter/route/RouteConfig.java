package dev.llmrouter.route;

import dev.llmrouter.metrics.RouteMetrics;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of the route stage.
 *
 * @param policy  the routing policy in force; read for every request, so a new policy applies at once
 * @param metrics where the stage counts its decisions, downgrades and refusals
 */
public record RouteConfig(Supplier<RoutingPolicy> policy, RouteMetrics metrics) {

    public RouteConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(metrics, "metrics");
    }

    public RouteConfig(Supplier<RoutingPolicy> policy) {
        this(policy, RouteMetrics.none());
    }

    public RouteConfig withMetrics(RouteMetrics routeMetrics) {
        return new RouteConfig(policy, routeMetrics);
    }

    public static RouteConfig of(RoutingPolicy policy) {
        return new RouteConfig(() -> policy);
    }
}
