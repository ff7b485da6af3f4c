package dev.llmrouter.quality;

import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RecordedSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fits the scorer's weights on recorded answers: every answer text of the cheapest model (the one a
 * speculative attempt uses) with its recorded quality as the label (at least 0.5 counts as right).
 */
public final class ScorerTrainer {

    static final double L2 = 1.0;

    private ScorerTrainer() {
    }

    /** Empty when the data holds no answer texts of its cheapest model. */
    public static Optional<ScorerWeights> train(RecordedSet data, String version) {
        int cheap = data.cheapest();
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (RecordedPrompt prompt : data.prompts()) {
            Optional<String> answer = prompt.response(cheap);
            if (answer.isPresent()) {
                x.add(AnswerFeatures.extract(prompt.prompt(), answer.get()));
                y.add(prompt.quality()[cheap] >= 0.5 ? 1.0 : 0.0);
            }
        }
        if (x.size() < 20 || y.stream().distinct().count() < 2) {
            return Optional.empty();
        }
        Logistic model = Logistic.fit(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray(), L2);
        return Optional.of(new ScorerWeights(version, AnswerFeatures.NAMES, model, x.size()));
    }
}
