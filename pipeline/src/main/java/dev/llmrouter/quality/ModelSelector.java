package dev.llmrouter.quality;

import dev.llmrouter.schema.ModelRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Chooses among many models by expected quality and estimated cost: the model with the largest
 * {@code expectedQuality - minGainPerUsd * estimatedCostUsd}. Equivalently, the cheapest model that no
 * dearer model beats by {@code minGainPerUsd} quality points per extra dollar: a dearer model is worth
 * its price only when it is expected to be that much better for this request. A small threshold buys
 * quality; a large one saves money. Pure and thread-safe; the estimates it reads move with feedback.
 */
public final class ModelSelector {

    private final QualityTable qualities;

    public ModelSelector(QualityTable qualities) {
        this.qualities = qualities;
    }

    public QualityTable qualities() {
        return qualities;
    }

    /** A model that may answer, and the recorded model whose outcomes are its starting estimate. */
    public record Candidate(ModelRef model, String priorModel) {
        String id() {
            return model.getProvider() + "/" + model.getModel();
        }
    }

    /** A candidate as judged for one request. */
    public record Judged(ModelRef model, double expectedQuality, long estimatedCostMicros, double utility) {
    }

    /**
     * The choice: {@code ranked.getFirst()} answers, the rest are its fallbacks in order of utility.
     *
     * @param detail readable reason for the decision record
     */
    public record Choice(List<Judged> ranked, String detail) {
        public ModelRef primary() {
            return ranked.getFirst().model();
        }

        public List<ModelRef> fallbacks() {
            return ranked.subList(1, ranked.size()).stream().map(Judged::model).toList();
        }
    }

    /**
     * @param candidates    the models allowed to answer, at least one
     * @param topics        the request's topic probabilities from the classifier
     * @param costMicros    estimated cost of the request on a model, from its token estimate and prices
     * @param minGainPerUsd quality points (0..1 scale) a dearer model must add per extra US dollar
     */
    public Choice select(List<Candidate> candidates, Map<String, Double> topics, ToLongFunction<ModelRef> costMicros, double minGainPerUsd) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate models");
        }
        List<Judged> judged = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            double quality = qualities.expected(candidate.id(), candidate.priorModel(), topics);
            long cost = costMicros.applyAsLong(candidate.model());
            judged.add(new Judged(candidate.model(), quality, cost, quality - minGainPerUsd * cost / 1e6));
        }
        judged.sort(Comparator.comparingDouble(Judged::utility).reversed().thenComparingLong(Judged::estimatedCostMicros));
        Judged best = judged.getFirst();
        String detail = String.format(Locale.ROOT, "selection: %s/%s expected quality %.3f at %d micro-USD (threshold %.4g per USD)",
                best.model().getProvider(), best.model().getModel(), best.expectedQuality(), best.estimatedCostMicros(), minGainPerUsd);
        return new Choice(List.copyOf(judged), detail);
    }
}
