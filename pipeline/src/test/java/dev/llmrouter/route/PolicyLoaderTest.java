package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.Tier;
import java.time.Duration;
import java.util.List;
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
        assertThat(policy.budgets().userDefault()).isEqualTo(new Budget(Budget.Period.MONTH, 25_500_000, List.of()));
        assertThat(policy.budgetOf("alice").limitMicros()).isEqualTo(1);
        assertThat(policy.budgetOf("alice").period()).isEqualTo(Budget.Period.DAY);
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

    private static final String FULL = """
            version: v2
            tiers:
              economy: [openai/a]
              standard: [google/b]
              premium: [anthropic/c]
            default-tier: standard
            budgets:
              default:
                period: day
                limit-usd: 10
                downgrade:
                  - {at: 0.8, tier: standard}
                  - {at: 0.95, tier: economy}
              session: {period: day, limit-usd: 2}
              tenant-default: {period: month, limit-usd: 100}
              tenants:
                acme: {period: month, limit-usd: 1000, downgrade: [{at: 0.9, tier: economy}]}
            cache:
              min-prefix-tokens: 2048
              scope: user
              ttl: {default: 5m, gemini: 1h}
            load:
              window: 10s
              enter-rps: 200
              exit-rps: 120
              hold: 30s
            """;

    @Test
    void shouldReadLaddersSessionAndTenantBudgetsCacheAndLoadRules() {
        RoutingPolicy policy = PolicyLoader.parse(FULL, "p.yaml");

        assertThat(policy.budgetOf("anyone").ladder()).containsExactly(new Budget.Step(0.8, Tier.STANDARD),
                new Budget.Step(0.95, Tier.ECONOMY));
        assertThat(policy.budgets().sessionBudget()).contains(new Budget(Budget.Period.DAY, 2_000_000, List.of()));
        assertThat(policy.budgets().tenant("acme").orElseThrow().limitMicros()).isEqualTo(1_000_000_000);
        assertThat(policy.budgets().tenant("other").orElseThrow().limitMicros()).isEqualTo(100_000_000);
        assertThat(policy.budgets().tenant(null)).isEmpty();
        assertThat(policy.cache().minPrefixTokens()).isEqualTo(2048);
        assertThat(policy.cache().scope()).isEqualTo(CacheRules.Scope.USER);
        assertThat(policy.cache().ttlOf("gemini")).isEqualTo(Duration.ofHours(1));
        assertThat(policy.cache().ttlOf("openai")).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.load()).isEqualTo(new LoadRules(true, Duration.ofSeconds(10), 200, 120, Duration.ofSeconds(30)));
    }

    @Test
    void shouldLeaveLoadSheddingOffAndSessionsUnlimitedWhenTheSectionsAreAbsent() {
        RoutingPolicy policy = PolicyLoader.parse(VALID, "p.yaml");

        assertThat(policy.load().enabled()).isFalse();
        assertThat(policy.budgets().sessionBudget()).isEmpty();
        assertThat(policy.cache()).isEqualTo(CacheRules.defaults());
    }

    @Test
    void shouldRejectALadderStepThatIsNotCheaperThanTheOneBefore() {
        assertThatThrownBy(() -> PolicyLoader.parse(FULL.replace("{at: 0.95, tier: economy}", "{at: 0.95, tier: premium}"), "p.yaml"))
                .hasMessage("p.yaml:13: budgets.default.downgrade[1].tier is premium, not cheaper than the previous step's standard;"
                        + " allowed: each step a cheaper tier than the one before");
    }

    @Test
    void shouldRejectALadderShareOutsideZeroToOne() {
        assertThatThrownBy(() -> PolicyLoader.parse(FULL.replace("at: 0.8,", "at: 80,"), "p.yaml"))
                .hasMessage("p.yaml:12: budgets.default.downgrade[0].at is 80.0; allowed: a share of the limit above 0 and below 1, e.g. 0.8");
    }

    @Test
    void shouldRejectAnExitRateThatIsNotBelowTheEnterRate() {
        assertThatThrownBy(() -> PolicyLoader.parse(FULL.replace("exit-rps: 120", "exit-rps: 250"), "p.yaml"))
                .hasMessage("p.yaml:25: load.exit-rps is 250.0, not below enter-rps 200.0; allowed: a rate from 0 to below enter-rps,"
                        + " so the shift does not flap");
    }

    @Test
    void shouldRejectAnUnreadableCacheTtl() {
        assertThatThrownBy(() -> PolicyLoader.parse(FULL.replace("gemini: 1h", "gemini: an hour"), "p.yaml"))
                .hasMessage("p.yaml:21: cache.ttl.gemini is 'an hour'; allowed: a duration such as 300s, 5m or 1h");
    }

    @Test
    void shouldRejectAnUnknownCacheScope() {
        assertThatThrownBy(() -> PolicyLoader.parse(FULL.replace("scope: user", "scope: tenant"), "p.yaml"))
                .hasMessage("p.yaml:20: cache.scope is 'tenant'; allowed: session or user");
    }

    @Test
    void shouldNameTheAllowedKeysOfTheLoadSection() {
        assertThatThrownBy(() -> PolicyLoader.parse(FULL.replace("enter-rps:", "enter_rps:"), "p.yaml"))
                .hasMessageStartingWith("p.yaml:24: load: unknown key 'enter_rps'; allowed here: [")
                .hasMessageContaining("enter-rps");
    }
}
