package dev.llmrouter.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.classify.ClassifierTrainer;
import dev.llmrouter.classify.TrainedClassifier;
import dev.llmrouter.route.CostEstimator;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.Router;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.RequestHints;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.support.Recorded;
import dev.llmrouter.support.Requests;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The router with a policy that selects by expected quality and speculates. */
class CostAwareRoutingTest {

    private static final String POLICY = """
            version: v1
            tiers:
              economy: [openai/nano]
              premium: [openai/big]
            default-tier: premium
            selection:
              min-gain-per-usd: 1000
              models:
                - {model: openai/nano, prior: small}
                - {model: openai/big, prior: large}
            """;
    private static final String SPECULATION = """
            speculation:
              cheap: openai/nano
              latency-budget: 2s
              accept-score: 0.7
            """;
    /** The big model costs twenty times as much per token. */
    private static final CostEstimator COSTS = (model, in, out) -> (in + out) * switch (model.getModel()) {
        case "big" -> 20;
        case "huge" -> 40;
        default -> 1;
    } / 100;

    private final TrainedClassifier classifier = new TrainedClassifier(ClassifierTrainer.train(Recorded.twoTopics(40, 0), "t"));
    private final Router router = new Router(COSTS, new CostAwareRouting(new ModelSelector(new QualityTable(classifier.model().file())), COSTS));

    @Test
    void shouldSendEachTopicToTheCheapestModelExpectedToMeetTheBar() {
        RoutingPolicy policy = PolicyLoader.parse(POLICY, "p.yaml");

        RoutingDecision history = router.decide(classified("In which century did the empire of the dynasty sign the treaty?"), policy, Instant.now());
        RoutingDecision algebra = router.decide(classified("Solve the quadratic equation x^2 + 3x = 0 for each root."), policy, Instant.now());

        assertThat(history.getPrimary()).isEqualTo(new ModelRef("openai", "nano"));
        assertThat(history.getTier()).isEqualTo(Tier.ECONOMY);
        assertThat(history.getReasonDetail()).startsWith("selection: openai/nano");
        assertThat(algebra.getPrimary()).isEqualTo(new ModelRef("openai", "big"));
        assertThat(algebra.getFallbacks()).containsExactly(new ModelRef("openai", "nano"));
        assertThat(algebra.getSpeculation()).isNull();
    }

    @Test
    void shouldPlanASpeculativeCheapAttemptAndReserveForBothCalls() {
        RoutingPolicy policy = PolicyLoader.parse(POLICY + SPECULATION, "p.yaml");
        ClassifiedRequest request = classified("Solve the quadratic equation x^2 + 3x = 0 for each root.");

        RoutingDecision decision = router.decide(request, policy, Instant.now());

        assertThat(decision.getPrimary()).isEqualTo(new ModelRef("openai", "big"));
        assertThat(decision.getSpeculation().getCheap()).isEqualTo(new ModelRef("openai", "nano"));
        assertThat(decision.getSpeculation().getAcceptScore()).isEqualTo(0.7);
        assertThat(decision.getSpeculation().getLatencyBudgetMs()).isEqualTo(2_000);
        int tokens = request.getClassification().getEstimatedInputTokens() + 512;
        assertThat(decision.getEstimatedCostMicros()).isEqualTo(COSTS.estimateMicros(new ModelRef("openai", "big"), tokens, 0)
                + COSTS.estimateMicros(new ModelRef("openai", "nano"), tokens, 0));
    }

    @Test
    void shouldEscalateToTheModelThePolicyNames() {
        RoutingPolicy policy = PolicyLoader.parse(POLICY + SPECULATION + "  escalate-to: openai/huge\n", "p.yaml");

        RoutingDecision decision = router.decide(classified("Solve the quadratic equation x^2 + 3x = 0 for each root."), policy, Instant.now());

        assertThat(decision.getPrimary()).isEqualTo(new ModelRef("openai", "huge"));
        assertThat(decision.getFallbacks()).containsExactly(new ModelRef("openai", "big"), new ModelRef("openai", "nano"));
        assertThat(decision.getSpeculation().getCheap()).isEqualTo(new ModelRef("openai", "nano"));
    }

    @Test
    void shouldNeitherSelectNorSpeculateBelowTheTierAskedForByAHint() {
        RoutingPolicy policy = PolicyLoader.parse(POLICY + SPECULATION, "p.yaml");
        ClassifiedRequest request = classified("In which century did the empire of the dynasty sign the treaty?");
        request.getRequest().setHints(RequestHints.newBuilder().setMinTier(Tier.PREMIUM).build());

        RoutingDecision decision = router.decide(request, policy, Instant.now());

        assertThat(decision.getPrimary()).isEqualTo(new ModelRef("openai", "big"));
        assertThat(decision.getSpeculation()).isNull();
    }

    private ClassifiedRequest classified(String text) {
        var request = Requests.prompt("ada", text);
        return new ClassifiedRequest(request, classifier.classify(request));
    }
}
