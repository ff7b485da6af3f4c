package dev.llmrouter.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The local quality scorer: a probability, 0..1, that an answer is good enough to keep. Hard checks
 * first (an empty answer, a refusal, an answer cut off by the token limit, invalid JSON where the
 * request asked for JSON), then the learned weights over {@link AnswerFeatures}. Microseconds per
 * answer, no network; thread-safe.
 */
public final class AnswerScorer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ASKS_FOR_JSON = Pattern.compile("(?i)\\b(as|in|valid|return|output|respond with) json\\b|\\bjson (object|format)\\b");
    /** Ceiling for an answer the provider stopped at the token limit: it may still be usable, rarely. */
    static final double TRUNCATED_CEILING = 0.1;
    static final double REFUSAL_CEILING = 0.05;

    private final ScorerWeights weights;

    public AnswerScorer(ScorerWeights weights) {
        this.weights = weights;
    }

    public static AnswerScorer bundled() {
        return new AnswerScorer(ScorerWeights.bundled());
    }

    public ScorerWeights weights() {
        return weights;
    }

    /**
     * @param prompt         the request's last user message
     * @param answer         the model's answer text
     * @param finishReason   why the provider stopped, e.g. {@code stop} or {@code length}; null if unknown
     * @param responseFormat the request's required response format, e.g. {@code json}; null for none
     */
    public double score(String prompt, String answer, String finishReason, String responseFormat) {
        if (answer == null || answer.isBlank()) {
            return 0;
        }
        if (wantsJson(prompt, responseFormat) && !validJson(answer)) {
            return 0;
        }
        double[] features = AnswerFeatures.extract(prompt, answer);
        double score = weights.model().probability(features);
        if (features[0] > 0) {
            score = Math.min(score, REFUSAL_CEILING);
        }
        if (finishReason != null && truncated(finishReason)) {
            score = Math.min(score, TRUNCATED_CEILING);
        }
        return score;
    }

    private static boolean truncated(String finishReason) {
        String reason = finishReason.toLowerCase(Locale.ROOT);
        return reason.equals("length") || reason.equals("max_tokens") || reason.equals("max_output_tokens");
    }

    static boolean wantsJson(String prompt, String responseFormat) {
        if (responseFormat != null && responseFormat.toLowerCase(Locale.ROOT).contains("json")) {
            return true;
        }
        return prompt != null && containsJson(prompt) && ASKS_FOR_JSON.matcher(prompt).find();
    }

    /** Whether "json" occurs in any case: every phrase of {@link #ASKS_FOR_JSON} has it, and most prompts do not. */
    private static boolean containsJson(String text) {
        for (int i = text.length() - 4; i >= 0; i--) {
            if ((text.charAt(i) | 0x20) == 'j' && text.regionMatches(true, i, "json", 0, 4)) {
                return true;
            }
        }
        return false;
    }

    static boolean validJson(String answer) {
        String text = answer.strip();
        if (text.startsWith("```")) {
            int firstLine = text.indexOf('\n');
            int fence = text.lastIndexOf("```");
            text = firstLine > 0 && fence > firstLine ? text.substring(firstLine + 1, fence) : text;
        }
        try {
            var node = JSON.readTree(text);
            return node != null && (node.isObject() || node.isArray());
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
