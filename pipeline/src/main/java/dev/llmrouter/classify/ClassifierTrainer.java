package dev.llmrouter.classify;

import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RecordedSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains the topic model from recorded prompts: the label is each prompt's {@code eval_name}, the
 * features are {@link TextFeatures}. Deterministic: the same data gives the same file.
 */
public final class ClassifierTrainer {

    static final double ALPHA = 0.1;
    static final int MIN_WORD_COUNT = 2;
    private static final double[] TEMPERATURES = {1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64};

    private ClassifierTrainer() {
    }

    public static TopicModel train(RecordedSet data, String version) {
        if (data.prompts().isEmpty()) {
            throw new IllegalArgumentException("no training prompts");
        }
        // Calibrate on every fifth prompt with a model trained on the rest, then train on everything.
        List<RecordedPrompt> fit = new ArrayList<>();
        List<RecordedPrompt> calibrate = new ArrayList<>();
        for (int i = 0; i < data.prompts().size(); i++) {
            (i % 5 == 4 ? calibrate : fit).add(data.prompts().get(i));
        }
        double temperature = 1;
        double[] domainCuts = null;
        if (!calibrate.isEmpty() && !fit.isEmpty()) {
            TopicModel partial = new TopicModel(counts(data.withPrompts(fit), version, 1, labels(data)));
            temperature = bestTemperature(partial, calibrate);
            domainCuts = domainCuts(new TopicModel(partial.file().withTemperature(temperature)), calibrate);
        }
        TopicModelFile file = counts(data, version, temperature, labels(data));
        return new TopicModel(file.withCuts(tierCuts(new TopicModel(file), data), domainCuts));
    }

    private static List<String> labels(RecordedSet data) {
        return data.prompts().stream().map(p -> p.evalName().isEmpty() ? "unlabelled" : p.evalName()).distinct().sorted().toList();
    }

    private static TopicModelFile counts(RecordedSet data, String version, double temperature, List<String> topics) {
        Map<String, Integer> topicIndex = new HashMap<>();
        for (int t = 0; t < topics.size(); t++) {
            topicIndex.put(topics.get(t), t);
        }
        int models = data.models().size();
        int cheapest = data.cheapest();
        int strongest = data.strongest();
        int[] docCounts = new int[topics.size()];
        long[] tokenTotals = new long[topics.size()];
        double[][] qualitySums = new double[topics.size()][models];
        int[] asGood = new int[topics.size()];
        Map<String, int[]> wordCounts = new TreeMap<>();
        for (RecordedPrompt prompt : data.prompts()) {
            int t = topicIndex.get(prompt.evalName().isEmpty() ? "unlabelled" : prompt.evalName());
            docCounts[t]++;
            for (int m = 0; m < models; m++) {
                qualitySums[t][m] += prompt.quality()[m];
            }
            if (prompt.quality()[cheapest] >= prompt.quality()[strongest]) {
                asGood[t]++;
            }
            for (String token : TextFeatures.tokens(prompt.prompt())) {
                wordCounts.computeIfAbsent(token, w -> new int[topics.size()])[t]++;
                tokenTotals[t]++;
            }
        }
        Map<String, int[]> vocabulary = new LinkedHashMap<>();
        wordCounts.forEach((word, perTopic) -> {
            if (Arrays.stream(perTopic).sum() >= MIN_WORD_COUNT) {
                int nonZero = (int) Arrays.stream(perTopic).filter(c -> c > 0).count();
                int[] pairs = new int[nonZero * 2];
                int i = 0;
                for (int t = 0; t < perTopic.length; t++) {
                    if (perTopic[t] > 0) {
                        pairs[i++] = t;
                        pairs[i++] = perTopic[t];
                    }
                }
                vocabulary.put(word, pairs);
            }
        });
        return new TopicModelFile(version, topics, docCounts, tokenTotals, vocabulary, ALPHA, temperature, data.models(), cheapest,
                strongest, qualitySums, asGood, new double[] {0, 0}, null);
    }

    /** The temperature with the best log-likelihood of the true topic on prompts the model did not see. */
    private static double bestTemperature(TopicModel partial, List<RecordedPrompt> calibrate) {
        Map<String, Integer> topicIndex = new HashMap<>();
        for (int t = 0; t < partial.topics().size(); t++) {
            topicIndex.put(partial.topics().get(t), t);
        }
        double best = 1;
        double bestLogLikelihood = Double.NEGATIVE_INFINITY;
        for (double temperature : TEMPERATURES) {
            TopicModel candidate = new TopicModel(partial.file().withTemperature(temperature));
            double logLikelihood = 0;
            for (RecordedPrompt prompt : calibrate) {
                int t = topicIndex.get(prompt.evalName().isEmpty() ? "unlabelled" : prompt.evalName());
                logLikelihood += Math.log(Math.max(1e-12, candidate.posterior(prompt.prompt())[t]));
            }
            if (logLikelihood > bestLogLikelihood) {
                bestLogLikelihood = logLikelihood;
                best = temperature;
            }
        }
        return best;
    }

    /**
     * The 1st percentile of typicality and of information among prompts the model was not trained on: a
     * prompt below either looks unlike anything it learned from (a greeting, a design brief to a model of
     * exam questions), and its score would be the prior dressed up as a verdict.
     */
    private static double[] domainCuts(TopicModel partial, List<RecordedPrompt> unseen) {
        double[] typicality = new double[unseen.size()];
        double[] information = new double[unseen.size()];
        for (int i = 0; i < unseen.size(); i++) {
            TopicModel.Evidence evidence = partial.evaluate(TextFeatures.tokens(unseen.get(i).prompt()));
            typicality[i] = evidence.typicality();
            information[i] = evidence.information();
        }
        Arrays.sort(typicality);
        Arrays.sort(information);
        int at = unseen.size() / 100;
        return new double[] {typicality[at], information[at]};
    }

    /** Terciles of the training prompts' scores: the hardest third is HIGH complexity, the easiest LOW. */
    private static double[] tierCuts(TopicModel model, RecordedSet data) {
        double[] scores = data.prompts().stream().mapToDouble(p -> TrainedClassifier.score(model, model.posterior(p.prompt()))).sorted().toArray();
        return new double[] {scores[scores.length / 3], scores[2 * scores.length / 3]};
    }
}
