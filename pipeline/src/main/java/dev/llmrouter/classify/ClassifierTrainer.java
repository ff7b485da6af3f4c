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
        if (!calibrate.isEmpty() && !fit.isEmpty()) {
            TopicModel partial = new TopicModel(counts(data.withPrompts(fit), version, 1, labels(data)));
            temperature = bestTemperature(partial, calibrate);
        }
        TopicModelFile file = counts(data, version, temperature, labels(data));
        TopicModel model = new TopicModel(file);
        double[] cuts = tierCuts(model, data);
        return new TopicModel(new TopicModelFile(file.version(), file.topics(), file.docCounts(), file.tokenTotals(), file.vocabulary(),
                file.alpha(), file.temperature(), file.models(), file.cheapest(), file.strongest(), file.qualitySums(), file.asGood(), cuts));
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
                strongest, qualitySums, asGood, new double[] {0, 0});
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
            TopicModelFile f = partial.file();
            TopicModel candidate = new TopicModel(new TopicModelFile(f.version(), f.topics(), f.docCounts(), f.tokenTotals(), f.vocabulary(),
                    f.alpha(), temperature, f.models(), f.cheapest(), f.strongest(), f.qualitySums(), f.asGood(), f.tierCuts()));
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

    /** Terciles of the training prompts' scores: the hardest third is HIGH complexity, the easiest LOW. */
    private static double[] tierCuts(TopicModel model, RecordedSet data) {
        double[] scores = data.prompts().stream().mapToDouble(p -> TrainedClassifier.score(model, model.posterior(p.prompt()))).sorted().toArray();
        return new double[] {scores[scores.length / 3], scores[2 * scores.length / 3]};
    }
}
