package dev.llmrouter.route;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of the route stage.
 *
 * @param policy the routing policy in force; read for every request, so a new policy applies at once
 */
public record RouteConfig(Supplier<RoutingPolicy> policy) {

    public RouteConfig {
        Objects.requireNonNull(policy, "policy");
    }

    public static RouteConfig of(RoutingPolicy policy) {
        return new RouteConfig(() -> policy);
    }
}
