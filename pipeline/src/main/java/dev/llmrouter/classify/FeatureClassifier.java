package dev.llmrouter.classify;

import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.TaskCategory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A transparent classifier from hand-picked features of the last user message: keyword families
 * decide the task category; length, category, multi-step and constraint markers add up to a
 * complexity score in 0..1. Every rule is visible here, so a surprising tag can be explained.
 *
 * <p>The classification score is {@code 1 - complexity}: a heuristic stand-in for the probability
 * that a cheaper tier answers as well as the premium one.
 */
public final class FeatureClassifier implements PromptClassifier {

    public static final String VERSION = "features-v1";

    static final double MEDIUM_FROM = 0.35;
    static final double HIGH_FROM = 0.65;

    /** Checked in order; the first family with a hit names the category. */
    private static final Map<TaskCategory, Pattern> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put(TaskCategory.CODE, words("```|\\bdef |\\bclass |\\bfunction\\b|\\bcompile|stack ?trace|\\bbug\\b|\\brefactor"
                + "|\\bpython\\b|\\bjava\\b|\\bjavascript\\b|\\btypescript\\b|\\brust\\b|\\bsql\\b|\\bregex|\\bapi\\b|\\bcode\\b|\\bunit test"));
        CATEGORIES.put(TaskCategory.TRANSLATION, words("\\btranslate|\\btranslation|\\bin (french|german|spanish|italian|japanese|chinese)\\b"));
        CATEGORIES.put(TaskCategory.SUMMARIZATION, words("\\bsummari[sz]e|\\bsummary\\b|\\btl;?dr\\b|\\bin one sentence\\b"));
        CATEGORIES.put(TaskCategory.EXTRACTION, words("\\bextract|\\bas json\\b|\\bparse\\b|\\blist all\\b|\\bpull out\\b"));
        CATEGORIES.put(TaskCategory.CLASSIFICATION, words("\\bclassify|\\bcategori[sz]e|\\bsentiment\\b|\\bwhich category\\b|\\blabel\\b"));
        CATEGORIES.put(TaskCategory.MATH, words("\\bsolve\\b|\\bcalculate|\\bequation|\\bintegral|\\bderivative|\\bprobability\\b"
                + "|\\bhow many\\b|\\bpercent|\\d+\\s*[-+*/^=]\\s*\\d+|\\bsum of\\b|\\baverage\\b"));
        CATEGORIES.put(TaskCategory.CREATIVE, words("\\bpoem\\b|\\bstory\\b|\\bhaiku\\b|\\bsong\\b|\\blimerick\\b|\\bslogan\\b|\\bfiction"));
        CATEGORIES.put(TaskCategory.REASONING, words("\\bwhy\\b|\\bexplain|\\bprove\\b|\\bstep by step\\b|\\bcompare|\\banaly[sz]e"
                + "|\\btrade-?offs?\\b|\\bevaluate\\b|\\bpros and cons\\b|\\bimplications?\\b"));
        CATEGORIES.put(TaskCategory.KNOWLEDGE, words("\\bwhat is\\b|\\bwhat are\\b|\\bwho (is|was)\\b|\\bwhen (did|was)\\b|\\bdefine\\b|\\bcapital of\\b"));
    }

    private static final Pattern MULTI_STEP = words("\\bstep by step\\b|\\bprove\\b|\\bdesign\\b|\\barchitect|\\boptimi[sz]e"
            + "|\\bderive\\b|\\bplan\\b|\\bedge cases?\\b|\\bconcurren|\\bdistributed\\b|\\bformal");
    private static final Pattern CONSTRAINTS = words("\\bmust\\b|\\bwithout\\b|\\bexactly\\b|\\bat most\\b|\\bat least\\b|\\bensure\\b|\\bconstraint");
    private static final Pattern SIMPLE = words("^(hi|hello|hey|thanks|thank you)\\b|\\bone word\\b|\\byes or no\\b");

    private static final Map<TaskCategory, Double> CATEGORY_WEIGHT = Map.of(
            TaskCategory.CODE, 0.30, TaskCategory.MATH, 0.30, TaskCategory.REASONING, 0.25,
            TaskCategory.CREATIVE, 0.10, TaskCategory.TRANSLATION, 0.10, TaskCategory.SUMMARIZATION, 0.10,
            TaskCategory.EXTRACTION, 0.10, TaskCategory.CLASSIFICATION, 0.05, TaskCategory.KNOWLEDGE, 0.05,
            TaskCategory.CHAT, 0.0);

    @Override
    public Classification classify(PromptRequest request) {
        String text = PromptText.lastUserMessage(request);
        String lower = text.toLowerCase(Locale.ROOT);
        TaskCategory category = category(lower);
        double score = complexity(lower, text.length(), category);
        return Classification.newBuilder()
                .setCategory(category)
                .setComplexity(score >= HIGH_FROM ? Complexity.HIGH : score >= MEDIUM_FROM ? Complexity.MEDIUM : Complexity.LOW)
                .setScore(round(1.0 - score))
                .setEstimatedInputTokens(PromptText.estimateTokens(PromptText.inputChars(request)))
                .setClassifierVersion(VERSION)
                .build();
    }

    @Override
    public String version() {
        return VERSION;
    }

    static TaskCategory category(String lower) {
        for (Map.Entry<TaskCategory, Pattern> family : CATEGORIES.entrySet()) {
            if (family.getValue().matcher(lower).find()) {
                return family.getKey();
            }
        }
        return TaskCategory.CHAT;
    }

    private static double complexity(String lower, int chars, TaskCategory category) {
        if (SIMPLE.matcher(lower).find() && chars < 80) {
            return 0.05;
        }
        double score = 0.10;
        // Longer prompts carry more context to get right; the effect flattens past ~2,000 characters.
        score += Math.min(0.25, chars / 8000.0);
        score += CATEGORY_WEIGHT.getOrDefault(category, 0.0);
        score += Math.min(0.30, 0.15 * count(MULTI_STEP, lower));
        score += Math.min(0.10, 0.05 * count(CONSTRAINTS, lower));
        long questions = lower.chars().filter(c -> c == '?').count();
        score += Math.min(0.10, 0.05 * Math.max(0, questions - 1));
        return Math.min(1.0, score);
    }

    private static int count(Pattern pattern, String text) {
        return (int) pattern.matcher(text).results().count();
    }

    private static Pattern words(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
