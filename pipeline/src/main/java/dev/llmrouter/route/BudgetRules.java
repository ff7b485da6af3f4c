package dev.llmrouter.route;

import java.util.Map;
import java.util.Optional;

/**
 * The budgets of a policy. Every user has one (their own or the default); sessions and tenants have
 * one only when the policy sets it.
 *
 * @param userDefault   the budget of users without their own
 * @param users         budgets of named users
 * @param session       the budget of every session, each on its own; null: sessions are not limited
 * @param tenantDefault the budget of tenants without their own; null: only named tenants are limited
 * @param tenants       budgets of named tenants
 */
public record BudgetRules(Budget userDefault, Map<String, Budget> users, Budget session, Budget tenantDefault,
                          Map<String, Budget> tenants) {

    public BudgetRules {
        users = Map.copyOf(users);
        tenants = Map.copyOf(tenants);
    }

    public Budget user(String userId) {
        return users.getOrDefault(userId, userDefault);
    }

    public Optional<Budget> sessionBudget() {
        return Optional.ofNullable(session);
    }

    public Optional<Budget> tenant(String tenant) {
        return tenant == null ? Optional.empty() : Optional.ofNullable(tenants.getOrDefault(tenant, tenantDefault));
    }
}
