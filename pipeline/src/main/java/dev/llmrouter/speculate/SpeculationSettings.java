package dev.llmrouter.speculate;

import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ScorerMode;
import dev.llmrouter.schema.TaskCategory;
import java.time.Duration;
import java.util.Set;

/**
 * The policy's {@code speculation:} section.
 *
 * @param cheap         the model asked first
 * @param latencyBudget how long the cheap attempt may take before the worker escalates
 * @param acceptScore   answers the scorer rates below this are escalated
 * @param escalateTo    the model escalations go to; null for the decision's own primary
 * @param scorer        LOCAL (answer-shape checks with learned weights) or LLM_JUDGE
 * @param judge         the model that rates answers in LLM_JUDGE mode; null otherwise
 * @param categories    the task categories that speculate; empty for all
 */
public record SpeculationSettings(ModelRef cheap, Duration latencyBudget, double acceptScore, ModelRef escalateTo, ScorerMode scorer,
                                  ModelRef judge, Set<TaskCategory> categories) {

    public SpeculationSettings {
        categories = Set.copyOf(categories);
    }

    public boolean appliesTo(TaskCategory category) {
        return categories.isEmpty() || categories.contains(category);
    }

    public SpeculationSettings withAcceptScore(double value) {
        return new SpeculationSettings(cheap, latencyBudget, value, escalateTo, scorer, judge, categories);
    }
}
