package dev.llmrouter.classify;

import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.TaskCategory;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classify stage's trained classifier. A multinomial naive Bayes over the words of the last user
 * message gives calibrated topic probabilities; from them:
 * <ul>
 *   <li>category: the kind of work the request names outright ("translate", "summarise", a code fence:
 *       {@link NamedTasks}), else the task category with the most topic
 *       probability ({@link TopicCategories}); the training data are benchmark questions, so the words a
 *       user chooses to describe the task win over the topic they resemble;</li>
 *   <li>score: the probability that the cheapest recorded model answers as well as the strongest one,
 *       the topics' recorded rates weighted by their probabilities;</li>
 *   <li>complexity: the score's tercile among the training prompts (lowest third HIGH).</li>
 * </ul>
 * The top topics go into the classification for the route stage's quality estimates.
 *
 * <p>The score means something only for prompts like the ones the model learned from. A prompt that is
 * not ({@link TopicModel#inDomain}: too unlikely under the model, or too little information in it, which for
 * a model of exam questions is a greeting, a translation, a design brief) would otherwise get the prior
 * rate as its score and the middle tier as its complexity. Such a prompt takes its category, complexity
 * and score from the out-of-domain classifier (the {@link FeatureClassifier}'s rules by default), keeps the
 * model's topics, and is marked by the classifier version {@code <model version>/<fallback version>}.
 */
public final class TrainedClassifier implements PromptClassifier {

    /** Topics written into a classification; the rest carry little probability. */
    static final int TOP_TOPICS = 5;

    private final TopicModel model;
    private final PromptClassifier outOfDomain;
    private final String outOfDomainVersion;
    private final TaskCategory[] topicCategory;

    /** The model, with the {@link FeatureClassifier} for prompts outside its domain. */
    public TrainedClassifier(TopicModel model) {
        this(model, new FeatureClassifier());
    }

    public TrainedClassifier(TopicModel model, PromptClassifier outOfDomain) {
        this.model = model;
        this.outOfDomain = outOfDomain;
        this.outOfDomainVersion = model.file().version() + "/" + outOfDomain.version();
        List<String> topics = model.topics();
        topicCategory = new TaskCategory[topics.size()];
        for (int t = 0; t < topics.size(); t++) {
            topicCategory[t] = TopicCategories.of(topics.get(t));
        }
    }

    /** The classifier shipped with the pipeline. */
    public static TrainedClassifier bundled() {
        return new TrainedClassifier(TopicModel.bundled());
    }

    public TopicModel model() {
        return model;
    }

    @Override
    public Classification classify(PromptRequest request) {
        String text = PromptText.lastUserMessage(request);
        List<String> tokens = TextFeatures.tokens(text);
        TopicModel.Evidence evidence = model.evaluate(tokens);
        double[] posterior = evidence.posterior();
        if (!model.inDomain(evidence)) {
            Classification rules = outOfDomain.classify(request);
            rules.setClassifierVersion(outOfDomainVersion);
            rules.setTopics(topTopics(posterior));
            return rules;
        }
        double score = score(model, posterior);
        double[] cuts = model.file().tierCuts();
        return Classification.newBuilder()
                .setCategory(NamedTasks.of(tokens).orElseGet(() -> category(posterior)))
                .setComplexity(score < cuts[0] ? Complexity.HIGH : score < cuts[1] ? Complexity.MEDIUM : Complexity.LOW)
                .setScore(Math.round(score * 10_000) / 10_000.0)
                .setEstimatedInputTokens(PromptText.estimateTokens(PromptText.inputChars(request)))
                .setClassifierVersion(model.file().version())
                .setTopics(topTopics(posterior))
                .build();
    }

    @Override
    public String version() {
        return model.file().version();
    }

    static double score(TopicModel model, double[] posterior) {
        double score = 0;
        for (int t = 0; t < posterior.length; t++) {
            score += posterior[t] * model.asGoodRate(t);
        }
        return Math.max(0, Math.min(1, score));
    }

    private TaskCategory category(double[] posterior) {
        Map<TaskCategory, Double> mass = new EnumMap<>(TaskCategory.class);
        for (int t = 0; t < posterior.length; t++) {
            mass.merge(topicCategory[t], posterior[t], Double::sum);
        }
        return mass.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(TaskCategory.OTHER);
    }

    private Map<String, Double> topTopics(double[] posterior) {
        int[] order = topIndices(posterior, TOP_TOPICS);
        Map<String, Double> top = new HashMap<>();
        for (int i = 0; i < order.length; i++) {
            if (posterior[order[i]] >= 0.001 || i == 0) {
                top.put(model.topics().get(order[i]), Math.round(posterior[order[i]] * 10_000) / 10_000.0);
            }
        }
        return top;
    }

    /**
     * The indices of the {@code k} largest values, largest first, the lower index first among equals. A
     * selection pass: sorting every topic of every request was a fifth of the classify stage's time.
     */
    static int[] topIndices(double[] values, int k) {
        int[] top = new int[Math.min(k, values.length)];
        int filled = 0;
        for (int t = 0; t < values.length; t++) {
            int at = filled;
            while (at > 0 && values[t] > values[top[at - 1]]) {
                at--;
            }
            if (at < top.length) {
                int last = Math.min(filled, top.length - 1);
                System.arraycopy(top, at, top, at + 1, last - at);
                top[at] = t;
                filled = Math.min(filled + 1, top.length);
            }
        }
        return top;
    }
}
