package dev.llmrouter.eval;

import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RecordedSet;
import dev.llmrouter.schema.Classification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How good the parts are on the test set, read after the replay: the classifier's topic accuracy, the
 * share of prompts it left to its rules as unlike its training data, and the calibration of its score, and the scorer's ability to tell right answers from wrong ones.
 * {@code eval_name} and the recorded outcomes are used here only to grade, never to decide.
 */
final class Diagnostics {

    private static final int BINS = 10;

    private Diagnostics() {
    }

    static Map<String, Object> classifier(RecordedSet test, TrainedRouting routing, Replay replay) {
        int correctTopic = 0;
        int outOfDomain = 0;
        double brier = 0;
        double[] binScore = new double[BINS];
        double[] binOutcome = new double[BINS];
        int[] binCount = new int[BINS];
        int n = test.prompts().size();
        for (int i = 0; i < n; i++) {
            RecordedPrompt prompt = test.prompts().get(i);
            Classification c = replay.classified().get(i).getClassification();
            String top = c.getTopics().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
            if (top.equals(prompt.evalName())) {
                correctTopic++;
            }
            if (!c.getClassifierVersion().equals(routing.classifier.version())) {
                outOfDomain++;
            }
            double outcome = prompt.quality()[routing.cheapest] >= prompt.quality()[routing.strongest] ? 1 : 0;
            brier += (c.getScore() - outcome) * (c.getScore() - outcome);
            int bin = Math.min(BINS - 1, (int) (c.getScore() * BINS));
            binScore[bin] += c.getScore();
            binOutcome[bin] += outcome;
            binCount[bin]++;
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (binCount[b] > 0) {
                ece += Math.abs(binScore[b] - binOutcome[b]) / n;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic_accuracy", EvalReport.round(n == 0 ? 0 : (double) correctTopic / n));
        out.put("topics", routing.classifier.model().topics().size());
        out.put("out_of_domain_share", EvalReport.round(n == 0 ? 0 : (double) outOfDomain / n));
        out.put("score_brier", EvalReport.round(n == 0 ? 0 : brier / n));
        out.put("score_expected_calibration_error", EvalReport.round(ece));
        out.put("micros_per_prompt", EvalReport.round(replay.classifyMicrosPerPrompt()));
        return out;
    }

    static Map<String, Object> scorer(RecordedSet test, TrainedRouting routing, Replay replay, double acceptScore) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (routing.scorer.isEmpty()) {
            out.put("trained", false);
            out.put("why", "the training set has no answer texts of its cheapest model");
            return out;
        }
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < test.prompts().size(); i++) {
            RecordedPrompt prompt = test.prompts().get(i);
            if (prompt.response(routing.cheapest).isPresent()) {
                scored.add(new double[] {replay.cheapScore(i), prompt.quality()[routing.cheapest] >= 0.5 ? 1 : 0});
            }
        }
        out.put("trained", true);
        out.put("answers_scored", scored.size());
        out.put("auc", EvalReport.round(auc(scored)));
        if (!Double.isNaN(acceptScore)) {
            int flaggedWrong = 0;
            int flagged = 0;
            int wrong = 0;
            int agree = 0;
            for (double[] s : scored) {
                boolean escalate = s[0] < acceptScore;
                boolean isWrong = s[1] == 0;
                flagged += escalate ? 1 : 0;
                wrong += isWrong ? 1 : 0;
                flaggedWrong += escalate && isWrong ? 1 : 0;
                agree += escalate == isWrong ? 1 : 0;
            }
            out.put("accept_score", acceptScore);
            out.put("escalation_precision", EvalReport.round(flagged == 0 ? 0 : (double) flaggedWrong / flagged));
            out.put("escalation_recall", EvalReport.round(wrong == 0 ? 0 : (double) flaggedWrong / wrong));
            out.put("accuracy", EvalReport.round(scored.isEmpty() ? 0 : (double) agree / scored.size()));
            out.put("escalated_share", EvalReport.round(scored.isEmpty() ? 0 : (double) flagged / scored.size()));
        }
        return out;
    }

    /** Probability that a right answer scores above a wrong one (ties count half). */
    static double auc(List<double[]> scored) {
        double pairs = 0;
        double wins = 0;
        for (double[] right : scored) {
            if (right[1] != 1) {
                continue;
            }
            for (double[] wrong : scored) {
                if (wrong[1] != 0) {
                    continue;
                }
                pairs++;
                wins += right[0] > wrong[0] ? 1 : right[0] == wrong[0] ? 0.5 : 0;
            }
        }
        return pairs == 0 ? Double.NaN : wins / pairs;
    }
}
