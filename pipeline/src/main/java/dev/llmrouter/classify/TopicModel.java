package dev.llmrouter.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The trained topic model ready for inference: per word a dense row of log-probabilities, so a prompt's
 * posterior costs one array addition per word. Immutable and thread-safe.
 */
public final class TopicModel {

    /** The model shipped with the pipeline, trained by {@code ./llm-router train} on data/*.csv.gz. */
    public static final String BUNDLED = "/classifier/topic-model.json.gz";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Prompts' worth of weight the overall rate has against a topic's own when estimating its rate. */
    static final double PRIOR_WEIGHT = 4.0;

    private final TopicModelFile file;
    private final double[] logPrior;
    private final Map<String, float[]> logLikelihood;
    private final double[] unseenLogLikelihood;
    private final double[] asGoodRate;

    public TopicModel(TopicModelFile file) {
        this.file = file;
        int topics = file.topics().size();
        long docs = 0;
        for (int count : file.docCounts()) {
            docs += count;
        }
        logPrior = new double[topics];
        for (int t = 0; t < topics; t++) {
            logPrior[t] = Math.log((file.docCounts()[t] + 1.0) / (docs + topics));
        }
        int vocabularySize = file.vocabulary().size();
        double[] denominator = new double[topics];
        unseenLogLikelihood = new double[topics];
        for (int t = 0; t < topics; t++) {
            denominator[t] = Math.log(file.tokenTotals()[t] + file.alpha() * vocabularySize);
            unseenLogLikelihood[t] = Math.log(file.alpha()) - denominator[t];
        }
        long asGood = 0;
        for (int t = 0; t < topics; t++) {
            asGood += file.asGood()[t];
        }
        double overall = docs == 0 ? 0.5 : (double) asGood / docs;
        asGoodRate = new double[topics];
        for (int t = 0; t < topics; t++) {
            asGoodRate[t] = (file.asGood()[t] + PRIOR_WEIGHT * overall) / (file.docCounts()[t] + PRIOR_WEIGHT);
        }
        logLikelihood = new HashMap<>(vocabularySize * 2);
        file.vocabulary().forEach((word, pairs) -> {
            float[] row = new float[topics];
            for (int t = 0; t < topics; t++) {
                row[t] = (float) unseenLogLikelihood[t];
            }
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                row[pairs[i]] = (float) (Math.log(pairs[i + 1] + file.alpha()) - denominator[pairs[i]]);
            }
            logLikelihood.put(word, row);
        });
    }

    public TopicModelFile file() {
        return file;
    }

    public List<String> topics() {
        return file.topics();
    }

    /** Calibrated probability of each topic given the prompt text. */
    public double[] posterior(String text) {
        return posterior(TextFeatures.tokens(text));
    }

    /** Calibrated probability of each topic given the prompt's {@link TextFeatures#tokens tokens}. */
    public double[] posterior(List<String> tokens) {
        return evaluate(tokens).posterior();
    }

    /**
     * What the model makes of a prompt, and how much that is worth.
     *
     * @param posterior   calibrated probability of each topic
     * @param typicality  the prompt's log-likelihood under the model (every topic weighted by its prior; a word
     *                    the model has never kept counts at the smoothed probability of an unseen word), per token
     * @param information how far the words moved the topic probabilities from the prior: the Kullback-Leibler
     *                    divergence of the posterior from the prior, in nats
     */
    public record Evidence(double[] posterior, double typicality, double information) {
    }

    /** The posterior of the prompt's {@link TextFeatures#tokens tokens}, with its typicality and information. */
    public Evidence evaluate(List<String> tokens) {
        double[] score = logPrior.clone();
        int unseen = 0;
        for (String token : tokens) {
            float[] row = logLikelihood.get(token);
            if (row == null) {
                unseen++;
            } else {
                for (int t = 0; t < score.length; t++) {
                    score[t] += row[t];
                }
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        double maxWithUnseen = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < score.length; t++) {
            max = Math.max(max, score[t]);
            maxWithUnseen = Math.max(maxWithUnseen, score[t] + unseen * unseenLogLikelihood[t]);
        }
        double sum = 0;
        double sumWithUnseen = 0;
        double[] posterior = new double[score.length];
        for (int t = 0; t < score.length; t++) {
            posterior[t] = Math.exp((score[t] - max) / file.temperature());
            sum += posterior[t];
            sumWithUnseen += Math.exp(score[t] + unseen * unseenLogLikelihood[t] - maxWithUnseen);
        }
        // log posterior[t] is (score[t] - max) / temperature - log(sum): one logarithm, not one per topic.
        double logSum = Math.log(sum);
        double information = 0;
        for (int t = 0; t < score.length; t++) {
            posterior[t] /= sum;
            information += posterior[t] * ((score[t] - max) / file.temperature() - logSum - logPrior[t]);
        }
        double typicality = tokens.isEmpty() ? 0 : (maxWithUnseen + Math.log(sumWithUnseen)) / tokens.size();
        return new Evidence(posterior, typicality, Math.max(0, information));
    }

    /**
     * Whether the prompt resembles what the model was trained on closely enough for its score to mean
     * something: typicality and information both at least the file's {@link TopicModelFile#domainCuts cuts}.
     * A model file without cuts (written before they existed) takes every prompt as its own.
     */
    public boolean inDomain(Evidence evidence) {
        double[] cuts = file.domainCuts();
        return cuts == null || evidence.typicality() >= cuts[0] && evidence.information() >= cuts[1];
    }

    /**
     * Probability that the cheapest recorded model answers as well as the strongest one on topic {@code t}:
     * the topic's recorded rate, shrunk towards the overall rate so that rare topics do not swing.
     */
    public double asGoodRate(int topic) {
        return asGoodRate[topic];
    }

    public static TopicModel bundled() {
        try (InputStream in = TopicModel.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("classifier model " + BUNDLED + " is missing from the classpath; train it with ./llm-router train");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TopicModel read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in);
        }
    }

    private static TopicModel read(InputStream in) throws IOException {
        return new TopicModel(JSON.readValue(new GZIPInputStream(in), TopicModelFile.class));
    }

    /** Writes the model as gzip-compressed JSON. */
    public void write(Path path) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            JSON.writeValue(out, file);
        }
    }
}
