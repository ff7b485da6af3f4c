package dev.llmrouter.quality;

import java.util.List;

/**
 * The policy's {@code selection:} section: route by expected quality and cost among many models.
 *
 * @param minGainPerUsd the quality points (0..1 scale) a dearer model must add per extra US dollar
 * @param candidates    the models that may answer, with the recorded model that stands in for each
 */
public record SelectionSettings(double minGainPerUsd, List<ModelSelector.Candidate> candidates) {

    public SelectionSettings {
        candidates = List.copyOf(candidates);
    }

    public SelectionSettings withMinGainPerUsd(double value) {
        return new SelectionSettings(value, candidates);
    }
}
