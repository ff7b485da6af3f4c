package dev.llmrouter.classify;

import java.util.List;
import java.util.Map;

/**
 * The trained classifier as stored: word counts per topic (a multinomial naive Bayes), the calibration
 * temperature, and what the recorded models achieved on each topic. Plain numbers, so the file can be
 * read and checked by hand.
 *
 * @param version        written into every classification
 * @param topics         the training labels (eval_name values)
 * @param docCounts      training prompts per topic
 * @param tokenTotals    word tokens per topic
 * @param vocabulary     per word, its counts per topic as pairs {@code topic index, count}
 * @param alpha          additive smoothing of the word probabilities
 * @param temperature    divides the log-likelihoods before the softmax; fitted on a held-back slice of the
 *                       training data so the topic probabilities are calibrated rather than overconfident
 * @param models         the recorded models, in the training file's order
 * @param cheapest       index of the cheapest model (lowest total recorded cost)
 * @param strongest      index of the strongest model (highest mean quality)
 * @param qualitySums    per topic and model, the sum of recorded quality
 * @param asGood         per topic, prompts on which the cheapest model scored at least as well as the strongest
 * @param tierCuts       scores below the first are HIGH complexity, below the second MEDIUM, the rest LOW
 * @param domainCuts     the lowest {@link TopicModel.Evidence#typicality typicality} and
 *                       {@link TopicModel.Evidence#information information} of a prompt the model's score is trusted
 *                       on: the 1st percentile of each among training prompts the model did not see; null for none
 */
public record TopicModelFile(String version, List<String> topics, int[] docCounts, long[] tokenTotals,
                             Map<String, int[]> vocabulary, double alpha, double temperature,
                             List<String> models, int cheapest, int strongest, double[][] qualitySums, int[] asGood,
                             double[] tierCuts, double[] domainCuts) {

    /** The same model with other tier and domain cuts. */
    TopicModelFile withCuts(double[] newTierCuts, double[] newDomainCuts) {
        return new TopicModelFile(version, topics, docCounts, tokenTotals, vocabulary, alpha, temperature, models, cheapest, strongest,
                qualitySums, asGood, newTierCuts, newDomainCuts);
    }

    /** The same model at another temperature. */
    TopicModelFile withTemperature(double newTemperature) {
        return new TopicModelFile(version, topics, docCounts, tokenTotals, vocabulary, alpha, newTemperature, models, cheapest, strongest,
                qualitySums, asGood, tierCuts, domainCuts);
    }
}
