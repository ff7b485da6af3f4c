package dev.llmrouter.speculate;

import dev.llmrouter.classify.PromptText;
import dev.llmrouter.quality.AnswerScorer;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.SpeculationPlan;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges a speculative answer the same way in the workers and in the offline evaluation: the local
 * scorer's rating of the answer to the request, and whether the plan keeps it.
 */
public final class SpeculationScorer {

    private final AnswerScorer scorer;

    public SpeculationScorer(AnswerScorer scorer) {
        this.scorer = scorer;
    }

    public static SpeculationScorer bundled() {
        return new SpeculationScorer(AnswerScorer.bundled());
    }

    /** The local rating, 0..1, of {@code answer} to {@code request}. */
    public double score(PromptRequest request, String answer, String finishReason) {
        String format = request.getHints() == null ? null : request.getHints().getResponseFormat();
        return scorer.score(PromptText.lastUserMessage(request), answer, finishReason, format);
    }

    /** Empty when the plan keeps an answer with this score, else why it escalates. */
    public static Optional<String> rejection(SpeculationPlan plan, double score) {
        return score >= plan.getAcceptScore() ? Optional.empty()
                : Optional.of(String.format(Locale.ROOT, "quality score %.3f below the accept score %.3f", score, plan.getAcceptScore()));
    }
}
