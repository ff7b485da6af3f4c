package dev.llmrouter.route;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the route stage knows about a request beyond the policy, read from its stores.
 *
 * @param now       decision time
 * @param holders   the budgets that apply to the request and what each has committed
 * @param load      whether the instance sheds load
 * @param prefix    the request's cacheable prompt prefix, if it has one
 * @param warmUntil provider/model -> until when (epoch millis) its provider cache holds the prefix
 */
record RoutingContext(Instant now, List<HolderUsage> holders, LoadMonitor.State load, Optional<PromptPrefix> prefix,
                      Map<String, Long> warmUntil) {

    /** A context with no budget pressure, no load and no warm cache. */
    static RoutingContext idle(Instant now) {
        return new RoutingContext(now, List.of(), new LoadMonitor.State(false, 0), Optional.empty(), Map.of());
    }
}
