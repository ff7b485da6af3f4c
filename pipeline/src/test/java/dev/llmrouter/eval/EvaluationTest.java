package dev.llmrouter.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RecordedSet;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.support.Recorded;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private final List<String> progress = new ArrayList<>();
    private final Evaluation evaluation = new Evaluation(new Evaluation.Options(3, 0.95, 1.0, 1), progress::add);

    @Test
    void shouldRouteEachTopicToTheCheapestModelThatKeepsTheQuality() {
        EvalReport report = evaluation.run(Recorded.twoTopics(60, 0), Recorded.twoTopics(60, 1_000), null);

        Baseline router = report.rows().getFirst();
        assertThat(router.qualityOfStrongest()).isGreaterThanOrEqualTo(0.95);
        // History prompts go to the cheap model, algebra to the strong one: close to half the cost saved.
        assertThat(router.costSaving()).isBetween(0.40, 0.50);
        assertThat(report.costSavingAt95()).isGreaterThanOrEqualTo(router.costSaving());
        assertThat(report.operatingPointSource()).contains("cross-validation");
        assertThat(report.scorer()).containsEntry("trained", false);
        assertThat(progress).anyMatch(line -> line.startsWith("cross-validation fold 3/3"));
    }

    @Test
    void shouldReportTheBaselines() {
        EvalReport report = evaluation.run(Recorded.twoTopics(60, 0), Recorded.twoTopics(60, 1_000), null);

        assertThat(report.rows()).extracting(Baseline::name).containsExactly("router (operating point)", "always-strongest",
                "always-cheapest", "random mix at equal cost", "oracle");
        Baseline cheapest = report.rows().get(2);
        Baseline oracle = report.rows().get(4);
        assertThat(cheapest.meanQuality()).isEqualTo(0.5);
        assertThat(cheapest.costSaving()).isEqualTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(oracle.meanQuality()).isEqualTo(1.0);
        assertThat(report.rows().get(3).meanQuality()).isLessThan(report.rows().getFirst().meanQuality());
        assertThat(report.apgr()).isBetween(0.5, 1.0);
        assertThat(report.json()).containsKeys("cost_saving_at_95pct_quality", "apgr", "results", "curve", "classifier", "scorer");
    }

    @Test
    void shouldKeepCheapAnswersTheScorerTrustsAndEscalateTheRest() {
        EvalReport report = evaluation.run(arithmetic(120, 0), arithmetic(120, 10_000), null);

        Baseline router = report.rows().getFirst();
        assertThat(report.scorer()).containsEntry("trained", true);
        assertThat((double) report.scorer().get("auc")).isGreaterThan(0.95);
        assertThat(router.qualityOfStrongest()).isGreaterThanOrEqualTo(0.95);
        // Every prompt pays the cheap attempt; only the wrong half pays the escalation too.
        assertThat(router.costSaving()).isBetween(0.35, 0.46);
    }

    @Test
    void shouldTakeTheOperatingPointFromAPolicyFile() {
        var policy = PolicyLoader.parse("""
                version: fixed-point
                tiers: {premium: [recorded/large]}
                default-tier: premium
                selection:
                  min-gain-per-usd: 1000000000000
                  models: [{model: recorded/small}]
                """, "p.yaml");

        EvalReport report = evaluation.run(Recorded.twoTopics(30, 0), Recorded.twoTopics(30, 1_000), policy);

        assertThat(report.operatingPointSource()).isEqualTo("policy file fixed-point");
        assertThat(report.rows().getFirst().meanQuality()).isEqualTo(0.5);
        assertThat(progress).noneMatch(line -> line.startsWith("cross-validation"));
    }

    /** Sums the cheap model gets right (consistent working) or wrong (a slip in its own arithmetic) in turn. */
    private static RecordedSet arithmetic(int count, int offset) {
        List<RecordedPrompt> prompts = new ArrayList<>();
        for (int i = offset; i < offset + count; i++) {
            boolean right = i % 2 == 0;
            int answer = right ? i + 3 : i + 4;
            String text = "Tom has " + i + " apples and buys 3 more. How many apples does he have now?";
            String response = "He has " + i + " + 3 = <<" + i + "+3=" + answer + ">>" + answer + " apples.\n#### " + answer;
            prompts.add(new RecordedPrompt("q" + i, text, "sums", new double[] {right ? 1 : 0, 1}, new String[] {response, "#### " + (i + 3)},
                    new double[] {0.00001, 0.0002}));
        }
        return new RecordedSet(List.of("small", "large"), prompts);
    }
}
