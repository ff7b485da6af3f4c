package dev.llmrouter.route;

import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.Tier;
import java.util.Locale;

/**
 * The load step: while the instance sheds load (see {@link LoadMonitor}), a request goes one
 * configured tier cheaper, but not below the tier its own hint asks for.
 */
final class LoadDowngrade {

    private LoadDowngrade() {
    }

    static Choice apply(Choice choice, RoutingPolicy policy, LoadMonitor.State load) {
        if (!load.shedding()) {
            return choice;
        }
        return policy.cheaperTier(choice.tier())
                .filter(cheaper -> choice.floor() == Tier.UNSPECIFIED || cheaper.ordinal() >= choice.floor().ordinal())
                .map(cheaper -> choice.withTier(cheaper, RouteReason.LOAD_DOWNGRADE, String.format(Locale.ROOT,
                        "load %.1f req/s passed %.1f: one tier cheaper than %s (%s)", load.rate(), policy.load().enterRps(),
                        PolicyErrors.lower(choice.tier()), choice.detail())))
                .orElse(choice);
    }
}
