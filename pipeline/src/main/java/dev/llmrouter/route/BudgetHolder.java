package dev.llmrouter.route;

import dev.llmrouter.schema.BudgetHolderKind;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The kinds of budget holder and where each keeps its spend. Users and sessions live in stores of the
 * user-partitioned tasks (a session belongs to the user who opened it: its key is the user and the
 * session id); tenants span users, so their store lives in tasks partitioned by tenant.
 */
enum BudgetHolder {

    USER(RouteStage.BUDGET_STORE, who -> Optional.of(who.user()),
            (policy, who) -> Optional.of(policy.budgets().user(who.user())), who -> "user " + who.user()),
    SESSION(RouteStage.SESSION_BUDGET_STORE,
            who -> Optional.ofNullable(who.session()).map(session -> who.user().length() + ":" + who.user() + "/" + session),
            (policy, who) -> who.session() == null ? Optional.empty() : policy.budgets().sessionBudget(),
            who -> "session " + who.session()),
    TENANT(RouteStage.TENANT_BUDGET_STORE, who -> Optional.ofNullable(who.tenant()),
            (policy, who) -> policy.budgets().tenant(who.tenant()), who -> "tenant " + who.tenant());

    /** Who a request, response or cost event belongs to. */
    record Identity(String user, String session, String tenant) {
    }

    private final String store;
    private final Function<Identity, Optional<String>> key;
    private final BiFunction<RoutingPolicy, Identity, Optional<Budget>> budget;
    private final Function<Identity, String> label;

    BudgetHolder(String store, Function<Identity, Optional<String>> key, BiFunction<RoutingPolicy, Identity, Optional<Budget>> budget,
                 Function<Identity, String> label) {
        this.store = store;
        this.key = key;
        this.budget = budget;
        this.label = label;
    }

    String store() {
        return store;
    }

    /** The holder as decisions name it in their reservations. */
    BudgetHolderKind kind() {
        return BudgetHolderKind.valueOf(name());
    }

    /** The holder's key in its store, when the record has such a holder. */
    Optional<String> key(Identity who) {
        return key.apply(who);
    }

    /** The holder's budget under {@code policy}, when the policy limits it. */
    Optional<Budget> budget(RoutingPolicy policy, Identity who) {
        return budget.apply(policy, who);
    }

    String label(Identity who) {
        return label.apply(who);
    }
}
