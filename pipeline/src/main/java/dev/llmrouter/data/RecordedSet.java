package dev.llmrouter.data;

import java.util.List;

/**
 * Prompts with the recorded outcome of every model on each, as read from a RouterBench-layout CSV.
 *
 * @param models the model names, in header order
 */
public record RecordedSet(List<String> models, List<RecordedPrompt> prompts) {

    public RecordedSet {
        models = List.copyOf(models);
        prompts = List.copyOf(prompts);
    }

    public int modelIndex(String model) {
        int index = models.indexOf(model);
        if (index < 0) {
            throw new IllegalArgumentException("no model " + model + " in " + models);
        }
        return index;
    }

    /** Mean recorded quality of one model over all prompts. */
    public double meanQuality(int model) {
        return prompts.stream().mapToDouble(p -> p.quality()[model]).average().orElse(0);
    }

    /** Total recorded cost of one model over all prompts, US dollars. */
    public double totalCost(int model) {
        return prompts.stream().mapToDouble(p -> p.costUsd()[model]).sum();
    }

    /** The model with the highest mean quality; ties go to the cheaper one. */
    public int strongest() {
        int best = 0;
        for (int m = 1; m < models.size(); m++) {
            double q = meanQuality(m);
            double bestQ = meanQuality(best);
            if (q > bestQ + 1e-12 || (Math.abs(q - bestQ) <= 1e-12 && totalCost(m) < totalCost(best))) {
                best = m;
            }
        }
        return best;
    }

    /** The model with the lowest total cost. */
    public int cheapest() {
        int best = 0;
        for (int m = 1; m < models.size(); m++) {
            if (totalCost(m) < totalCost(best)) {
                best = m;
            }
        }
        return best;
    }

    public RecordedSet withPrompts(List<RecordedPrompt> subset) {
        return new RecordedSet(models, subset);
    }
}
