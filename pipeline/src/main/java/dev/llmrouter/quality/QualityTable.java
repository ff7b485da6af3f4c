package dev.llmrouter.quality;

import dev.llmrouter.classify.TopicModelFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Expected answer quality per (topic, model). Starts from what recorded models achieved on each topic
 * (the trained classifier's outcome counts) and moves with feedback: every observed quality score of a
 * real answer is added to its model's estimate for the request's topics, weighted by their
 * probabilities. Older feedback fades once a topic has {@link #MEMORY} observations, so a model that
 * stops meeting the bar loses its traffic. Thread-safe.
 */
public final class QualityTable {

    /** How many recorded prompts' worth of weight the recorded rate keeps against feedback. */
    static final double PRIOR_WEIGHT = 5.0;
    /** Feedback weight per (topic, model) beyond which old observations decay. */
    static final double MEMORY = 500.0;

    private final Map<String, Integer> topicIndex = new HashMap<>();
    private final Map<String, double[]> recordedRate = new HashMap<>();
    private final Map<String, Double> recordedMean = new HashMap<>();
    private final double overallMean;
    private final Map<String, Observed> observed = new ConcurrentHashMap<>();

    private static final class Observed {
        double weight;
        double sum;
    }

    /** The recorded outcomes of a trained classifier as the starting estimates. */
    public QualityTable(TopicModelFile recorded) {
        List<String> topics = recorded.topics();
        for (int t = 0; t < topics.size(); t++) {
            topicIndex.put(topics.get(t), t);
        }
        double allSum = 0;
        double allDocs = 0;
        for (int m = 0; m < recorded.models().size(); m++) {
            double modelSum = 0;
            double docs = 0;
            for (int t = 0; t < topics.size(); t++) {
                modelSum += recorded.qualitySums()[t][m];
                docs += recorded.docCounts()[t];
            }
            double mean = docs == 0 ? 0.5 : modelSum / docs;
            double[] rate = new double[topics.size()];
            for (int t = 0; t < topics.size(); t++) {
                rate[t] = (recorded.qualitySums()[t][m] + PRIOR_WEIGHT * mean) / (recorded.docCounts()[t] + PRIOR_WEIGHT);
            }
            recordedRate.put(recorded.models().get(m), rate);
            recordedMean.put(recorded.models().get(m), mean);
            allSum += modelSum;
            allDocs += docs;
        }
        overallMean = allDocs == 0 ? 0.5 : allSum / allDocs;
    }

    /**
     * Expected quality of {@code model} for a request with these topic probabilities.
     *
     * @param priorModel the recorded model whose outcomes stand in for this one until feedback arrives;
     *                   null for none (the mean of all recorded models)
     */
    public double expected(String model, String priorModel, Map<String, Double> topics) {
        double[] rate = priorModel == null ? null : recordedRate.get(priorModel);
        double fallback = priorModel == null ? overallMean : recordedMean.getOrDefault(priorModel, overallMean);
        double total = 0;
        double weight = 0;
        for (Map.Entry<String, Double> topic : topics.entrySet()) {
            Integer t = topicIndex.get(topic.getKey());
            double prior = rate == null || t == null ? fallback : rate[t];
            Observed seen = observed.get(key(model, topic.getKey()));
            double estimate = prior;
            if (seen != null) {
                synchronized (seen) {
                    estimate = (PRIOR_WEIGHT * prior + seen.sum) / (PRIOR_WEIGHT + seen.weight);
                }
            }
            total += topic.getValue() * estimate;
            weight += topic.getValue();
        }
        return weight <= 0 ? fallback : total / weight;
    }

    /** Adds one observed quality score (0..1) of {@code model}'s answer to a request with these topics. */
    public void observe(String model, Map<String, Double> topics, double quality) {
        double q = Math.max(0, Math.min(1, quality));
        for (Map.Entry<String, Double> topic : topics.entrySet()) {
            double p = topic.getValue();
            if (p <= 0) {
                continue;
            }
            Observed seen = observed.computeIfAbsent(key(model, topic.getKey()), k -> new Observed());
            synchronized (seen) {
                if (seen.weight + p > MEMORY) {
                    double keep = (MEMORY - p) / seen.weight;
                    seen.weight *= keep;
                    seen.sum *= keep;
                }
                seen.weight += p;
                seen.sum += p * q;
            }
        }
    }

    private static String key(String model, String topic) {
        return model + "\u0000" + topic;
    }
}
