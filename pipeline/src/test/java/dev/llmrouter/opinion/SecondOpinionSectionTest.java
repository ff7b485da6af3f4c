package dev.llmrouter.opinion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.schema.ModelRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecondOpinionSectionTest {

    private static final String POLICY = """
            version: v1
            tiers:
              economy: [openai/nano]
              premium: [openai/big]
            default-tier: premium
            second-opinion:
              enabled: true
              model: openai/nano
              when-score-between: [0.3, 0.7]
              timeout: 1500ms
              cache-ttl: 1h
              cache-size: 500
            """;

    @Test
    void shouldReadEveryKeyOfTheSection() {
        SecondOpinionSettings settings = PolicyLoader.parse(POLICY, "p.yaml").secondOpinion();

        assertThat(settings).isEqualTo(new SecondOpinionSettings(true, new ModelRef("openai", "nano"), 0.3, 0.7,
                Duration.ofMillis(1500), Duration.ofHours(1), 500));
        assertThat(settings.uncertain(0.3)).isTrue();
        assertThat(settings.uncertain(0.7)).isTrue();
        assertThat(settings.uncertain(0.71)).isFalse();
    }

    @Test
    void shouldFillDefaultsAndStayOffUnlessEnabled() {
        String minimal = POLICY.substring(0, POLICY.indexOf("second-opinion:")) + "second-opinion: {model: openai/nano}\n";

        SecondOpinionSettings settings = PolicyLoader.parse(minimal, "p.yaml").secondOpinion();

        assertThat(settings).isEqualTo(new SecondOpinionSettings(false, new ModelRef("openai", "nano"), 0.35, 0.65,
                Duration.ofSeconds(2), Duration.ofHours(24), 100_000));
        assertThat(settings.uncertain(0.5)).isFalse();
    }

    @Test
    void shouldLeaveThePolicyWithoutASecondOpinionWhenTheSectionIsAbsent() {
        RoutingPolicy policy = PolicyLoader.parse(POLICY.substring(0, POLICY.indexOf("second-opinion:")), "p.yaml");

        assertThat(policy.secondOpinion()).isNull();
    }

    @Test
    void shouldKeepTheBundledPolicyWithoutASecondOpinion() {
        SecondOpinionSettings settings = PolicyLoader.bundled().secondOpinion();

        assertThat(settings == null || !settings.enabled()).isTrue();
    }

    @Test
    void shouldLocateAnUnknownKey() {
        assertThatThrownBy(() -> parse("cache-ttl: 1h", "cache-tll: 1h"))
                .hasMessageStartingWith("p.yaml:11: second-opinion: unknown key 'cache-tll'; allowed here: [cache-size, cache-ttl, enabled,");
    }

    @Test
    void shouldLocateAnEnabledFlagThatIsNotABoolean() {
        assertThatThrownBy(() -> parse("enabled: true", "enabled: yes please"))
                .hasMessage("p.yaml:7: second-opinion.enabled is \"yes please\"; allowed: true or false");
    }

    @Test
    void shouldRequireTheRaterWhenEnabled() {
        assertThatThrownBy(() -> parse("  model: openai/nano\n", ""))
                .hasMessage("p.yaml: second-opinion.model is missing; allowed: provider/model, e.g. openai/gpt-4.1-mini");
    }

    @Test
    void shouldLocateARaterThePriceCatalogDoesNotList() {
        assertThatThrownBy(() -> PolicyLoader.parse(POLICY.replace("model: openai/nano", "model: openai/unknown"), "p.yaml",
                model -> !model.getModel().equals("unknown")))
                .hasMessage("p.yaml:8: second-opinion.model names openai/unknown, which the price catalog does not list;"
                        + " allowed: a model of the price catalog");
    }

    @Test
    void shouldLocateABandThatIsNotAnOrderedPairOfProbabilities() {
        assertThatThrownBy(() -> parse("[0.3, 0.7]", "[0.7, 0.3]"))
                .hasMessage("p.yaml:9: second-opinion.when-score-between is [0.7,0.3]; allowed: [low, high] with 0 <= low <= high <= 1");
        assertThatThrownBy(() -> parse("[0.3, 0.7]", "[0.3, 1.5]"))
                .hasMessageStartingWith("p.yaml:9: second-opinion.when-score-between is [0.3,1.5]");
    }

    @Test
    void shouldLocateAnUnreadableOrNonPositiveDuration() {
        assertThatThrownBy(() -> parse("timeout: 1500ms", "timeout: soon"))
                .hasMessage("p.yaml:10: second-opinion.timeout is 'soon'; allowed: a duration such as 800ms, 2s or 24h");
        assertThatThrownBy(() -> parse("cache-ttl: 1h", "cache-ttl: 0s"))
                .hasMessage("p.yaml:11: second-opinion.cache-ttl is 0s; allowed: a positive duration");
    }

    @Test
    void shouldLocateANegativeCacheSize() {
        assertThatThrownBy(() -> parse("cache-size: 500", "cache-size: -1"))
                .hasMessage("p.yaml:12: second-opinion.cache-size is -1; allowed: a whole number of ratings, 0 or more (0: no cache)");
    }

    private static RoutingPolicy parse(String from, String to) {
        return PolicyLoader.parse(POLICY.replace(from, to), "p.yaml");
    }
}
