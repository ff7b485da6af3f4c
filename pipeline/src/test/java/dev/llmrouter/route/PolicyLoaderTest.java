package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.Tier;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

    private static final String VALID = """
            version: v1
            tiers:
              economy: [openai/a, google/b]
              premium: [anthropic/c]
            routes:
              - when: {complexity: [low]}
                tier: economy
            default-tier: premium
            budgets:
              default: {period: month, limit-usd: 25.50}
              users:
                alice: {limit-usd: 0.000001}
            """;

    @Test
    void shouldReadTiersRoutesAndBudgets() {
        RoutingPolicy policy = PolicyLoader.parse(VALID, "p.yaml");

        assertThat(policy.version()).isEqualTo("v1");
        assertThat(policy.chainOf(Tier.ECONOMY)).containsExactly(new ModelRef("openai", "a"), new ModelRef("google", "b"));
        assertThat(policy.defaultBudget()).isEqualTo(new RoutingPolicy.Budget(RoutingPolicy.Period.MONTH, 25_500_000));
        assertThat(policy.budgetOf("alice").limitMicros()).isEqualTo(1);
        assertThat(policy.budgetOf("alice").period()).isEqualTo(RoutingPolicy.Period.DAY);
        assertThat(policy.defaultOutputTokens()).isEqualTo(512);
    }

    @Test
    void shouldFallBackToTheNearestConfiguredTierAbove() {
        RoutingPolicy policy = PolicyLoader.parse(VALID, "p.yaml");

        assertThat(policy.chainOf(Tier.STANDARD)).containsExactly(new ModelRef("anthropic", "c"));
    }

    @Test
    void shouldLoadTheBundledPolicy() {
        assertThat(PolicyLoader.bundled().tiers()).containsKeys(Tier.ECONOMY, Tier.STANDARD, Tier.PREMIUM);
    }

    @Test
    void shouldNameTheKeyAndTheAllowedValuesForAnUnknownTier() {
        assertThatThrownBy(() -> PolicyLoader.parse(VALID.replace("tier: economy", "tier: premum"), "p.yaml"))
                .isInstanceOf(PolicyLoader.InvalidPolicyException.class)
                .hasMessage("p.yaml:7: routes[0].tier is 'premum'; allowed: economy, standard, premium");
    }

    @Test
    void shouldRejectAModelWithoutProvider() {
        assertThatThrownBy(() -> PolicyLoader.parse(VALID.replace("openai/a", "gpt-4o"), "p.yaml"))
                .hasMessageContaining("tiers.economy[0] is 'gpt-4o'; allowed: provider/model");
    }

    @Test
    void shouldRejectModelsTheCatalogDoesNotKnow() {
        assertThatThrownBy(() -> PolicyLoader.parse(VALID, "p.yaml", model -> !model.getModel().equals("b")))
                .hasMessageContaining("tiers.economy[1] names google/b, which the price catalog does not list");
    }

    @Test
    void shouldLocateUnknownKeysByLine() {
        assertThatThrownBy(() -> PolicyLoader.parse(VALID.replace("default-tier:", "default-teir:"), "p.yaml"))
                .hasMessageStartingWith("p.yaml:8: unknown key 'default-teir'; allowed here: [")
                .hasMessageContaining("default-tier");
    }

    @Test
    void shouldNameTheSectionOfANestedUnknownKey() {
        assertThatThrownBy(() -> PolicyLoader.parse(VALID.replace("limit-usd: 25.50", "limit-dollars: 25.50"), "p.yaml"))
                .hasMessageStartingWith("p.yaml:10: budgets.default: unknown key 'limit-dollars'; allowed here: [");
    }

    @Test
    void shouldRejectNegativeBudgets() {
        assertThatThrownBy(() -> PolicyLoader.parse(VALID.replace("25.50", "-1"), "p.yaml"))
                .hasMessageContaining("p.yaml:10: budgets.default.limit-usd is -1");
    }

    @Test
    void shouldRejectARouteToATierWithoutModels() {
        assertThatThrownBy(() -> PolicyLoader.parse(VALID.replace("tier: economy", "tier: standard"), "p.yaml"))
                .hasMessageContaining("routes[0].tier names tier standard, which has no models under tiers");
    }
}
