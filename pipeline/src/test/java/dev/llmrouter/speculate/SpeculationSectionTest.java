package dev.llmrouter.speculate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ScorerMode;
import dev.llmrouter.schema.TaskCategory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpeculationSectionTest {

    private static final String POLICY = """
            version: v1
            tiers:
              economy: [openai/nano]
              premium: [openai/big, anthropic/opus]
            default-tier: premium
            selection:
              min-gain-per-usd: 400
              models:
                - {model: openai/nano, prior: mixtral-8x7b-instruct}
                - {model: openai/big, prior: gpt-4-1106-preview}
            speculation:
              cheap: openai/nano
              latency-budget: 1500ms
              accept-score: 0.6
              categories: [math, reasoning]
            """;

    @Test
    void shouldReadTheSelectionAndSpeculationSections() {
        RoutingPolicy policy = PolicyLoader.parse(POLICY, "p.yaml");

        assertThat(policy.selection().minGainPerUsd()).isEqualTo(400);
        assertThat(policy.selection().candidates()).extracting(c -> c.model().getModel(), c -> c.priorModel())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nano", "mixtral-8x7b-instruct"),
                        org.assertj.core.groups.Tuple.tuple("big", "gpt-4-1106-preview"));
        SpeculationSettings speculation = policy.speculation();
        assertThat(speculation.cheap()).isEqualTo(new ModelRef("openai", "nano"));
        assertThat(speculation.latencyBudget()).isEqualTo(Duration.ofMillis(1500));
        assertThat(speculation.acceptScore()).isEqualTo(0.6);
        assertThat(speculation.scorer()).isEqualTo(ScorerMode.LOCAL);
        assertThat(speculation.escalateTo()).isNull();
        assertThat(speculation.appliesTo(TaskCategory.MATH)).isTrue();
        assertThat(speculation.appliesTo(TaskCategory.CHAT)).isFalse();
    }

    @Test
    void shouldLocateAnAcceptScoreOutOfRange() {
        assertThatThrownBy(() -> PolicyLoader.parse(POLICY.replace("accept-score: 0.6", "accept-score: 6"), "p.yaml"))
                .isInstanceOf(PolicyLoader.InvalidPolicyException.class)
                .hasMessage("p.yaml:14: speculation.accept-score is 6; allowed: a number from 0 to 1");
    }

    @Test
    void shouldLocateAnUnknownKeyInTheSection() {
        assertThatThrownBy(() -> PolicyLoader.parse(POLICY.replace("latency-budget:", "latency-budgt:"), "p.yaml"))
                .isInstanceOf(PolicyLoader.InvalidPolicyException.class)
                .hasMessageStartingWith("p.yaml:13: speculation: unknown key 'latency-budgt'; allowed here: [accept-score, categories,");
    }

    @Test
    void shouldRequireAJudgeForTheLlmJudgeScorer() {
        assertThatThrownBy(() -> PolicyLoader.parse(POLICY.replace("accept-score: 0.6", "accept-score: 0.6\n  scorer: llm-judge"), "p.yaml"))
                .isInstanceOf(PolicyLoader.InvalidPolicyException.class)
                .hasMessage("p.yaml: speculation.judge is missing; allowed: provider/model of the judging model when scorer is llm-judge");
        RoutingPolicy judged = PolicyLoader.parse(POLICY.replace("accept-score: 0.6", "accept-score: 0.6\n  scorer: llm-judge\n  judge: openai/big"), "p.yaml");
        assertThat(judged.speculation().judge()).isEqualTo(new ModelRef("openai", "big"));
    }

    @Test
    void shouldRejectModelsThePriceCatalogDoesNotList() {
        assertThatThrownBy(() -> PolicyLoader.parse(POLICY, "p.yaml", model -> !model.getModel().equals("nano")))
                .isInstanceOf(PolicyLoader.InvalidPolicyException.class)
                .hasMessageContaining("names openai/nano, which the price catalog does not list");
    }

    @Test
    void shouldLocateANegativeSelectionThreshold() {
        assertThatThrownBy(() -> PolicyLoader.parse(POLICY.replace("min-gain-per-usd: 400", "min-gain-per-usd: -1"), "p.yaml"))
                .isInstanceOf(PolicyLoader.InvalidPolicyException.class)
                .hasMessage("p.yaml:7: selection.min-gain-per-usd is -1; allowed: a non-negative number");
    }
}
