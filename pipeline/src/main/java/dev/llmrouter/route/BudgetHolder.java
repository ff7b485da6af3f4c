package dev.llmrouter.route;

import java.util.Optional;

/**
 * The kinds of budget holder and where each keeps its spend. Users and sessions live in stores of the
 * user-partitioned tasks (a session belongs to the user who opened it: its key is the user and the
 * session id); tenants span users, so their store lives in tasks partitioned by tenant.
 */
enum BudgetHolder {

    USER(RouteStage.BUDGET_STORE) {
        @Override
        Optional<String> key(Identity who) {
            return Optional.of(who.user());
        }

        @Override
        Optional<Budget> budget(RoutingPolicy policy, Identity who) {
            return Optional.of(policy.budgets().user(who.user()));
        }

        @Override
        String label(Identity who) {
            return "user " + who.user();
        }
    },
    SESSION(RouteStage.SESSION_BUDGET_STORE) {
        @Override
        Optional<String> key(Identity who) {
            return who.session() == null ? Optional.empty() : Optional.of(who.user().length() + ":" + who.user() + "/" + who.session());
        }

        @Override
        Optional<Budget> budget(RoutingPolicy policy, Identity who) {
            return who.session() == null ? Optional.empty() : policy.budgets().sessionBudget();
        }

        @Override
        String label(Identity who) {
            return "session " + who.session();
        }
    },
    TENANT(RouteStage.TENANT_BUDGET_STORE) {
        @Override
        Optional<String> key(Identity who) {
            return Optional.ofNullable(who.tenant());
        }

        @Override
        Optional<Budget> budget(RoutingPolicy policy, Identity who) {
            return policy.budgets().tenant(who.tenant());
        }

        @Override
        String label(Identity who) {
            return "tenant " + who.tenant();
        }
    };

    /** Who a request, response or cost event belongs to. */
    record Identity(String user, String session, String tenant) {
    }

    private final String store;

    BudgetHolder(String store) {
        this.store = store;
    }

    String store() {
        return store;
    }

    /** The holder's key in its store, when the record has such a holder. */
    abstract Optional<String> key(Identity who);

    /** The holder's budget under {@code policy}, when the policy limits it. */
    abstract Optional<Budget> budget(RoutingPolicy policy, Identity who);

    abstract String label(Identity who);
}
