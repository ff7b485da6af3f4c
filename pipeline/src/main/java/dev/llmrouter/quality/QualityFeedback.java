package dev.llmrouter.quality;

import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.LlmResponse;
import java.util.Map;

/**
 * Feeds the scorer's ratings of real answers back into the quality estimates: every rated attempt of
 * a response (a kept or rejected speculative answer, the answer returned) counts for its model and the
 * request's topics. Responses without topics (from a classifier that gives none) teach nothing.
 */
public final class QualityFeedback {

    private QualityFeedback() {
    }

    /** @return how many ratings were taken in */
    public static int observe(QualityTable table, LlmResponse response) {
        if (response.getClassification() == null) {
            return 0;
        }
        Map<String, Double> topics = response.getClassification().getTopics();
        if (topics == null || topics.isEmpty()) {
            return 0;
        }
        int taken = 0;
        for (Attempt attempt : response.getAttempts()) {
            if (attempt.getQualityScore() != null) {
                table.observe(attempt.getTarget().getProvider() + "/" + attempt.getTarget().getModel(), topics, attempt.getQualityScore());
                taken++;
            }
        }
        return taken;
    }
}
